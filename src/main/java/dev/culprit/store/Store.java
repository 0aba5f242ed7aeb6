package dev.culprit.store;

import java.util.List;
import java.util.Optional;

/**
 * The journal of bisections: every build, run, decision and log line, committed when the method returns, so
 * that a killed bisection loses nothing it had finished. Also the index of the artifact cache.
 *
 * <p>Implementations are safe to call from several threads (runs are journaled from the run pool) and from
 * several processes on the same database (two bisections in one work directory, a fleet of workers).
 * Failures of the database are {@link dev.culprit.common.InfraException}s with a one-line message.
 */
public interface Store extends AutoCloseable {

    /** Where this store lives, for messages ("/work/.culprit/culprit.db", "postgresql://host/db"). */
    String location();

    /** The schema version the database is at (the newest this code knows, once opened). */
    int schemaVersion();

    // ---- bisections

    /** Starts a new bisection of this spec (state running). */
    BisectionRecord createBisection(String specHash, String spec, String summary);

    /** The newest bisection with this spec hash: the one a run with the same spec resumes. */
    Optional<BisectionRecord> latestBisection(String specHash);

    Optional<BisectionRecord> bisection(long id);

    /** All bisections, oldest first. */
    List<BisectionRecord> bisections();

    void setState(long bisectionId, BisectionState state);

    /** Records the result (JSON text) and the final state in one transaction. */
    void setResult(long bisectionId, BisectionState state, String resultJson);

    void setLogPath(long bisectionId, String logPath);

    // ---- builds

    /**
     * Journals a build of a bisection and returns it with its id. A bisection has at most one build per commit:
     * when it already has one, that one is returned and nothing is written.
     */
    BuildRecord recordBuild(BuildRecord build);

    /** This bisection's build of the commit. */
    Optional<BuildRecord> build(long bisectionId, String commit);

    /** The oldest successful build with this key, in any bisection, that is not itself a copy. */
    Optional<BuildRecord> reusableBuild(BuildKey key);

    /** This bisection's builds in the order they were recorded. */
    List<BuildRecord> builds(long bisectionId);

    // ---- runs

    /**
     * Journals a run and returns it with its id. A bisection has at most one run per (commit, index): when it
     * already has one, that one is returned and nothing is written.
     */
    RunRecord recordRun(RunRecord run);

    Optional<RunRecord> run(long bisectionId, String commit, int index);

    /** A run of the same test, with this index, against a build with this key, in any bisection, not a copy. */
    Optional<RunRecord> reusableRun(BuildKey key, String testKey, int index);

    /** This bisection's runs in the order they were recorded. */
    List<RunRecord> runs(long bisectionId);

    // ---- decisions and the log

    /** Journals a decision; one already recorded at the same (bisection, seq) is kept as it is. */
    void recordDecision(DecisionRecord decision);

    List<DecisionRecord> decisions(long bisectionId);

    /**
     * Starts a new attempt (first run or a resume) of the bisection, run by {@code owner}, and returns its number
     * (1, 2, ...).
     */
    int beginAttempt(long bisectionId, Optional<AttemptOwner> owner);

    /** Starts a new attempt whose process is not recorded. */
    default int beginAttempt(long bisectionId) {
        return beginAttempt(bisectionId, Optional.empty());
    }

    /** The process that runs (or ran) the newest attempt of the bisection; empty when none is recorded. */
    Optional<AttemptOwner> owner(long bisectionId);

    /** Appends a log line to an attempt; {@code seq} counts the attempt's lines from 0. */
    void appendLog(long bisectionId, int attempt, int seq, String line);

    /**
     * The log of the newest attempt: a resumed bisection replays its journal, so its newest attempt's log is
     * the whole log.
     */
    List<String> log(long bisectionId);

    // ---- artifact cache index

    /** Records (or refreshes) the cached artifacts of a signature, marking them used now. */
    void putArtifact(String signature, long bytes);

    /** The cached artifacts of a signature, marking them used now. */
    Optional<ArtifactEntry> useArtifact(String signature);

    /** Every cache entry, least recently used first. */
    List<ArtifactEntry> artifacts();

    void removeArtifact(String signature);

    @Override
    void close();
}
