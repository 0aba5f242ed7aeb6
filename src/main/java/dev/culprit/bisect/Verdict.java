package dev.culprit.bisect;

/** A strategy's judgement of one tested commit, in git's terms. */
public enum Verdict {
    GOOD, BAD, SKIP;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
