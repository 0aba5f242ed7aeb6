package dev.culprit.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A store that also keeps the job queue of {@code culprit serve}: the database-backed stores. A store reached over
 * HTTP is only a journal; workers reach the queue through the server's API.
 *
 * <p>Leases: {@link #claimJob} hands the oldest queued job (or one whose lease ran out) to a worker with a fresh
 * lease id; the holder keeps it with {@link #heartbeat} and ends it with {@link #finishJob}. Every call that names
 * a lease id does nothing (and says so) when that lease is no longer the job's: a worker presumed dead cannot
 * overwrite the work of the one that took over.
 */
public interface QueueStore extends Store {

    JobRecord submitJob(String kind, String spec, String summary);

    Optional<JobRecord> job(long id);

    /** Every job, newest first, at most {@code limit}. */
    List<JobRecord> jobs(int limit);

    /** Hands the oldest claimable job to {@code owner}, leased for {@code lease}; empty when none waits. */
    Optional<JobRecord> claimJob(String owner, Duration lease);

    /** Extends the lease; false when the lease is no longer the job's (expired and taken, cancelled, finished). */
    boolean heartbeat(long jobId, String leaseId, Duration lease);

    /** The final state and result of a leased job; false (nothing written) when the lease is no longer the job's. */
    boolean finishJob(long jobId, String leaseId, JobState state, Optional<String> result, String error);

    /** Whether {@code leaseId} is the lease of a running job. */
    boolean holdsLease(long jobId, String leaseId);

    /** Records the bisection that runs the job (the lease holder's first journal call says which). */
    void linkBisection(long jobId, long bisectionId);

    /** Cancels a queued or running job; false when it had already finished (or does not exist). */
    boolean cancelJob(long jobId);
}
