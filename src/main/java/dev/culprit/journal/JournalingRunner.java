package dev.culprit.journal;

import dev.culprit.build.BuildResult;
import dev.culprit.run.RunOutcome;
import dev.culprit.run.Runner;
import dev.culprit.store.BuildRecord;
import dev.culprit.store.RunRecord;
import dev.culprit.store.Store;

import java.util.Optional;

/**
 * A {@link Runner} that journals every run and never repeats one the journal holds: this bisection's run of the
 * commit with that index or, unless starting fresh, the same test's run with that index on a build with the same
 * key. A run done here is committed to the store before the engine sees it.
 */
public final class JournalingRunner implements Runner {
    private final Store store;
    private final long bisectionId;
    private final String testKey;
    private final boolean reuseOtherBisections;
    private final JournalingBuilder builder;
    private final Runner delegate;
    private final JournalStats stats;

    JournalingRunner(Store store, long bisectionId, String testKey, boolean reuseOtherBisections,
                     JournalingBuilder builder, Runner delegate, JournalStats stats) {
        this.store = store;
        this.bisectionId = bisectionId;
        this.testKey = testKey;
        this.reuseOtherBisections = reuseOtherBisections;
        this.builder = builder;
        this.delegate = delegate;
        this.stats = stats;
    }

    @Override
    public RunOutcome run(BuildResult build, int index) {
        Optional<RunRecord> mine = store.run(bisectionId, build.commit(), index);
        if (mine.isPresent()) {
            stats.runFromJournal();
            return Outcomes.toOutcome(mine.get());
        }
        BuildRecord b = builder.record(build.commit());
        if (reuseOtherBisections) {
            Optional<RunRecord> other = store.reusableRun(b.key(), testKey, index);
            if (other.isPresent()) {
                RunOutcome o = Outcomes.toOutcome(other.get());
                RunRecord copy = store.recordRun(Outcomes.toRecord(bisectionId, b.id(), build.commit(), index,
                        testKey, o, Optional.of(other.get().id())));
                stats.runFromOtherBisection();
                return Outcomes.toOutcome(copy);
            }
        }
        builder.materialize(build);
        RunOutcome o = delegate.run(build, index);
        stats.runDone();
        RunRecord rec = store.recordRun(Outcomes.toRecord(bisectionId, b.id(), build.commit(), index, testKey, o,
                Optional.empty()));
        // The engine acts on what the journal holds (the same value, read back), so a replay sees exactly it.
        return Outcomes.toOutcome(rec);
    }
}
