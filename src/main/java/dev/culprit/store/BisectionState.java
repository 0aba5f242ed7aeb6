package dev.culprit.store;

import java.util.Locale;

/** Where a journaled bisection stands. Stored as its lower-case name. */
public enum BisectionState {
    /** Started and not finished: still running, or killed (a later run with the same spec resumes it). */
    RUNNING,
    /** Finished with a result. */
    DONE,
    /** Stopped by an error (infrastructure, bad input found late); a later run with the same spec resumes it. */
    FAILED;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BisectionState of(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}
