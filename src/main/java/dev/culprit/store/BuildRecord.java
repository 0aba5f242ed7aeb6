package dev.culprit.store;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One journaled build.
 *
 * @param id           store id (ignored when recording: the store assigns it)
 * @param bisectionId  the bisection it belongs to
 * @param key          what was built, how
 * @param ok           the build succeeded
 * @param signature    the build signature, when there is one
 * @param duration     wall time of the original build
 * @param errorSummary for a failed build, the lines that explain it, else ""
 * @param logPath      the build output, when kept
 * @param reusedFrom   the id of the build (of another bisection) this one copies, when it was not done here
 */
public record BuildRecord(long id, long bisectionId, BuildKey key, boolean ok, Optional<String> signature,
                          Duration duration, String errorSummary, Optional<String> logPath,
                          Optional<Long> reusedFrom) {
    public BuildRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(errorSummary, "errorSummary");
        Objects.requireNonNull(logPath, "logPath");
        Objects.requireNonNull(reusedFrom, "reusedFrom");
    }

    public String commit() {
        return key.commit();
    }
}
