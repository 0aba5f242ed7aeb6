package dev.culprit.bisect;

/** Where the engine writes its log, line by line, and its progress for a status line. */
public interface BisectLog {

    /** One line of the log (no trailing newline). */
    void line(String text);

    /** The current state for a terminal status line; ignored where there is none. */
    default void status(String text) {
    }
}
