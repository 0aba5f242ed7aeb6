package dev.culprit.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One job of the server's queue.
 *
 * @param id           the job's number (URLs, the dashboard)
 * @param kind         what runs it: "bisect" (a {@code culprit bisect} spec) or "sim" (a simulated history)
 * @param spec         the validated spec, as JSON text
 * @param summary      one line for the job list
 * @param state        see {@link JobState}
 * @param bisectionId  the journaled bisection that runs it, once a worker has started it
 * @param leaseId      the current (or last) lease; a write with another lease id is refused
 * @param leaseOwner   the worker that holds (or held) the lease
 * @param leaseExpires when the lease runs out unless its holder heartbeats
 * @param claims       how many times a worker was handed the job (1 unless a worker died)
 * @param result       the result JSON once done
 * @param error        why it failed, "" otherwise
 * @param created      when it was submitted
 * @param started      when a worker first took it
 * @param finished     when it reached a final state
 */
public record JobRecord(long id, String kind, String spec, String summary, JobState state, Optional<Long> bisectionId,
                        Optional<String> leaseId, Optional<String> leaseOwner, Optional<Instant> leaseExpires,
                        int claims, Optional<String> result, String error, Instant created, Optional<Instant> started,
                        Optional<Instant> finished) {
    public JobRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(bisectionId, "bisectionId");
        Objects.requireNonNull(leaseId, "leaseId");
        Objects.requireNonNull(leaseOwner, "leaseOwner");
        Objects.requireNonNull(leaseExpires, "leaseExpires");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(finished, "finished");
    }
}
