package dev.culprit.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One journaled bisection.
 *
 * @param id       the number users see in {@code culprit list} / {@code show ID} / {@code log ID}
 * @param specHash hash of {@code spec}: the same spec in the same store resumes this bisection
 * @param spec     what was asked for, as JSON text (opaque to the store)
 * @param summary  one line for {@code culprit list} ("cause from 1a2b3c in /src/linux")
 * @param state    running, done or failed
 * @param result   the result as JSON text once there is one
 * @param logPath  the user's {@code --log} file, when one was given
 * @param created  when it was first started
 * @param updated  when its state or result last changed
 */
public record BisectionRecord(long id, String specHash, String spec, String summary, BisectionState state,
                              Optional<String> result, Optional<String> logPath, Instant created, Instant updated) {
    public BisectionRecord {
        Objects.requireNonNull(specHash, "specHash");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(logPath, "logPath");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
    }
}
