package dev.culprit.store;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One journaled test run.
 *
 * @param id          store id (ignored when recording: the store assigns it)
 * @param bisectionId the bisection it belongs to
 * @param buildId     the build it ran against
 * @param commit      the commit of that build (denormalised: runs are looked up by commit and index)
 * @param index       the run's number within the commit, from 0
 * @param testKey     what makes two runs the same experiment (reproducer, test command, run environment)
 * @param outcome     the kind of outcome ("ok", "crashed", "boot_failed", "infra_error", "timed_out"; opaque here)
 * @param title       the crash title or infrastructure reason, "" for OK
 * @param detail      whatever else the caller needs to rebuild the outcome, as JSON text ("{}" when nothing)
 * @param duration    wall time of the run
 * @param consolePath the run's console output, when kept
 * @param reusedFrom  the id of the run (of another bisection) this one copies, when it was not done here
 */
public record RunRecord(long id, long bisectionId, long buildId, String commit, int index, String testKey,
                        String outcome, String title, String detail, Duration duration, Optional<String> consolePath,
                        Optional<Long> reusedFrom) {
    public RunRecord {
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(testKey, "testKey");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(consolePath, "consolePath");
        Objects.requireNonNull(reusedFrom, "reusedFrom");
        if (index < 0) {
            throw new IllegalArgumentException("run index must not be negative");
        }
    }
}
