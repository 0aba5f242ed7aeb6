package dev.culprit.store;

import java.util.Locale;

/** Where a queued job of {@code culprit serve} stands. Stored as its lower-case name. */
public enum JobState {
    /** Waiting for a worker (or back in the queue after its worker's lease expired). */
    QUEUED,
    /** Leased by a worker. */
    RUNNING,
    /** Finished with a result. */
    DONE,
    /** Stopped by an error; its error says why. */
    FAILED,
    /** Cancelled by a user. */
    CANCELLED;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobState of(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }

    public boolean finished() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }
}
