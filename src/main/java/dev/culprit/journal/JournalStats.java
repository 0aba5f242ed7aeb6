package dev.culprit.journal;

import java.util.concurrent.atomic.AtomicInteger;

/** What one attempt of a journaled bisection did and what it took from the journal; thread-safe. */
public final class JournalStats {
    private final AtomicInteger buildsDone = new AtomicInteger();
    private final AtomicInteger buildsFromJournal = new AtomicInteger();
    private final AtomicInteger buildsFromOthers = new AtomicInteger();
    private final AtomicInteger runsDone = new AtomicInteger();
    private final AtomicInteger runsFromJournal = new AtomicInteger();
    private final AtomicInteger runsFromOthers = new AtomicInteger();
    private final AtomicInteger restores = new AtomicInteger();
    private final AtomicInteger rebuilds = new AtomicInteger();

    /** A snapshot. {@code rebuilds}: journaled builds built again to run them (their artifacts were not cached). */
    public record Snapshot(int buildsDone, int buildsFromJournal, int buildsFromOtherBisections, int runsDone,
                           int runsFromJournal, int runsFromOtherBisections, int restoresFromCache, int rebuilds) {
    }

    public Snapshot snapshot() {
        return new Snapshot(buildsDone.get(), buildsFromJournal.get(), buildsFromOthers.get(), runsDone.get(),
                runsFromJournal.get(), runsFromOthers.get(), restores.get(), rebuilds.get());
    }

    void buildDone() {
        buildsDone.incrementAndGet();
    }

    void buildFromJournal() {
        buildsFromJournal.incrementAndGet();
    }

    void buildFromOtherBisection() {
        buildsFromOthers.incrementAndGet();
    }

    void runDone() {
        runsDone.incrementAndGet();
    }

    void runFromJournal() {
        runsFromJournal.incrementAndGet();
    }

    void runFromOtherBisection() {
        runsFromOthers.incrementAndGet();
    }

    void restored() {
        restores.incrementAndGet();
    }

    void rebuilt() {
        rebuilds.incrementAndGet();
    }
}
