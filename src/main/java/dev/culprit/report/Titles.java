package dev.culprit.report;

/** Title normalisation used to compare crashes. */
public final class Titles {
    private Titles() {
    }

    /** Folds the parts of a title that vary between runs of the same bug. */
    public static String normalize(String title) {
        return title.strip();
    }
}
