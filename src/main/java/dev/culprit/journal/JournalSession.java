package dev.culprit.journal;

import dev.culprit.bisect.BisectLog;
import dev.culprit.build.Builder;
import dev.culprit.build.Checkout;
import dev.culprit.run.Runner;
import dev.culprit.store.BisectionRecord;
import dev.culprit.store.BisectionState;
import dev.culprit.store.Store;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One journaled attempt of a bisection: finds the bisection with the same spec (resume) or starts one, and
 * wraps the session's log, builder and runner so that everything is journaled and nothing journaled is done
 * again. Use:
 *
 * <pre>{@code
 * try (JournalSession journal = JournalSession.start(store, spec, fresh, sink)) {
 *     Builder b = journal.builder(realBuilder, worktree::checkout, worktree.dir(), artifacts, Optional.of(cache));
 *     Runner r = journal.runner(realRunner);
 *     BisectResult result = new Bisection(config, history, b, r, strategy, journal.log(), nanoTime).run();
 *     journal.finish(resultJson);
 * }
 * }</pre>
 * Closing without {@link #finish} (an exception) marks the bisection failed; a killed process leaves it
 * running, with the attempt's process recorded, so that readers show it as interrupted
 * ({@link AttemptOwners#stateWord}). Either way the next start with the same spec resumes it.
 */
public final class JournalSession implements AutoCloseable {
    private final Store store;
    private final JournalSpec spec;
    private final BisectionRecord bisection;
    private final boolean resumed;
    private final boolean fresh;
    private final BisectLog log;
    private final JournalStats stats = new JournalStats();
    private JournalingBuilder builder;
    private boolean finished;

    private JournalSession(Store store, JournalSpec spec, BisectionRecord bisection, boolean resumed, boolean fresh,
                           BisectLog log) {
        this.store = store;
        this.spec = spec;
        this.bisection = bisection;
        this.resumed = resumed;
        this.fresh = fresh;
        this.log = log;
    }

    /**
     * Resumes the newest bisection with this spec, or starts one ({@code fresh}: always starts one, and reuses
     * nothing from other bisections either). The first log line says which.
     */
    public static JournalSession start(Store store, JournalSpec spec, boolean fresh, BisectLog sink) {
        Optional<BisectionRecord> previous = fresh ? Optional.empty() : store.latestBisection(spec.hash());
        BisectionRecord b;
        String first;
        if (previous.isPresent()) {
            b = previous.get();
            int builds = store.builds(b.id()).size();
            int runs = store.runs(b.id()).size();
            store.setState(b.id(), BisectionState.RUNNING);
            first = "resuming bisection " + b.id() + ": " + builds + " builds and " + runs + " runs reused";
        } else {
            b = store.createBisection(spec.hash(), spec.json(), spec.summary());
            first = "bisection " + b.id() + " (journal: " + store.location() + ")";
        }
        int attempt = store.beginAttempt(b.id(), Optional.of(AttemptOwners.self()));
        JournalingLog log = new JournalingLog(sink, store, b.id(), attempt);
        log.line(first);
        return new JournalSession(store, spec, b, previous.isPresent(), fresh, log);
    }

    public long bisectionId() {
        return bisection.id();
    }

    public boolean resumed() {
        return resumed;
    }

    /** The log to give the engine: the sink, plus the journal. */
    public BisectLog log() {
        return log;
    }

    /**
     * The journaling builder around the real one.
     *
     * @param checkout  puts the worktree at a commit (to restore cached artifacts into it)
     * @param worktree  where the real builder builds (artifact paths are relative to it)
     * @param artifacts the build's artifacts (what the cache keeps); empty: nothing is cached
     * @param cache     the artifact cache, when there is one
     */
    public synchronized Builder builder(Builder real, Checkout checkout, Path worktree, List<String> artifacts,
                                        Optional<ArtifactCache> cache) {
        return builder(real, checkout, worktree, artifacts, cache, Optional.empty());
    }

    /** As above, for a builder whose runs read artifacts kept by signature (kernel images), not the worktree. */
    public synchronized Builder builder(Builder real, Checkout checkout, Path worktree, List<String> artifacts,
                                        Optional<ArtifactCache> cache, Optional<ArtifactsBySignature> bySignature) {
        builder = new JournalingBuilder(store, bisection.id(), spec, !fresh, real, checkout, worktree, artifacts,
                cache, bySignature, stats, log::line);
        return builder;
    }

    /** The journaling runner around the real one; call {@link #builder} first. */
    public synchronized Runner runner(Runner real) {
        if (builder == null) {
            throw new IllegalStateException("JournalSession.builder() must come before runner()");
        }
        return new JournalingRunner(store, bisection.id(), spec.testKey(), !fresh, builder, real, stats);
    }

    /** What this attempt did and reused so far. */
    public JournalStats.Snapshot stats() {
        return stats.snapshot();
    }

    /** Records the result; the bisection is done. */
    public synchronized void finish(String resultJson) {
        store.setResult(bisection.id(), BisectionState.DONE, resultJson);
        finished = true;
    }

    @Override
    public synchronized void close() {
        if (!finished) {
            // Best effort: the error that got us here matters more than a journal that cannot take the mark.
            try {
                store.setState(bisection.id(), BisectionState.FAILED);
            } catch (RuntimeException e) {
                // nothing to add: the next start resumes a running bisection just the same
            }
            finished = true;
        }
    }
}
