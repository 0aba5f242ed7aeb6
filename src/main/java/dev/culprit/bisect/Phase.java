package dev.culprit.bisect;

/** Why a commit is being tested. */
public enum Phase {
    /** The starting commit: establishes the target crash and its reproducibility. */
    START,
    /** An end of the range (the good commit, a release, the fix bisection's head). */
    ENDPOINT,
    /** A commit inside the range, chosen by the strategy. */
    SEARCH,
    /** Checking a found culprit: it crashes, its parents do not, its revert cures the start. */
    VERIFY
}
