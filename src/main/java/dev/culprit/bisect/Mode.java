package dev.culprit.bisect;

/** What is being looked for. */
public enum Mode {
    /** The commit that introduced the crash. */
    CAUSE,
    /** The commit that made the crash go away. */
    FIX
}
