package dev.culprit.bisect;

import dev.culprit.build.BuildResult;
import dev.culprit.run.RunOutcome;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything learnt about one commit: its build and the runs of its behaviour pool. {@link #visitRuns} are
 * the runs made during the current visit (a commit may be visited again for more runs).
 */
public final class TestedCommit {
    private final String hash;
    private final Phase phase;
    private final BuildResult build;
    private final RunPool pool; // null when the build failed
    private final boolean reused;
    private final List<RunOutcome> visitRuns = new ArrayList<>();
    private int ownRuns;

    TestedCommit(String hash, Phase phase, BuildResult build, RunPool pool, boolean reused) {
        this.hash = hash;
        this.phase = phase;
        this.build = build;
        this.pool = pool;
        this.reused = reused;
    }

    public String hash() {
        return hash;
    }

    public Phase phase() {
        return phase;
    }

    public BuildResult build() {
        return build;
    }

    public boolean buildFailed() {
        return !build.ok();
    }

    /** The behaviour pool; null when the build failed. */
    public RunPool pool() {
        return pool;
    }

    /** True when the runs came (at least partly) from an earlier commit with the same signature. */
    public boolean reused() {
        return reused;
    }

    public int count(RunClass cls) {
        return pool == null ? 0 : pool.count(cls);
    }

    public int runs() {
        return pool == null ? 0 : pool.size();
    }

    /** Runs made on this commit itself, over every visit. */
    public int ownRuns() {
        return ownRuns;
    }

    public List<RunOutcome> visitRuns() {
        return List.copyOf(visitRuns);
    }

    void newVisit() {
        visitRuns.clear();
    }

    void addRun(RunOutcome outcome, RunClass cls) {
        pool.add(outcome, cls);
        visitRuns.add(outcome);
        ownRuns++;
    }
}
