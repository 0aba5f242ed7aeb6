package dev.culprit.bisect;

import dev.culprit.run.RunOutcome;

import java.util.ArrayList;
import java.util.List;

/**
 * The runs of one behaviour: all commits whose builds share a signature share one pool, because an
 * identical binary behaves identically. A commit built without a signature has a pool of its own.
 */
public final class RunPool {
    private final String signature; // null: the pool belongs to a single commit
    private final String firstCommit;
    private final List<RunOutcome> outcomes = new ArrayList<>();
    private final List<RunClass> classes = new ArrayList<>();

    RunPool(String signature, String firstCommit) {
        this.signature = signature;
        this.firstCommit = firstCommit;
    }

    public String signature() {
        return signature;
    }

    /** The commit whose build first produced this pool. */
    public String firstCommit() {
        return firstCommit;
    }

    synchronized void add(RunOutcome outcome, RunClass cls) {
        outcomes.add(outcome);
        classes.add(cls);
    }

    synchronized void reclassify(TargetCrash target) {
        for (int i = 0; i < outcomes.size(); i++) {
            classes.set(i, target.classify(outcomes.get(i)));
        }
    }

    public synchronized List<RunOutcome> outcomes() {
        return List.copyOf(outcomes);
    }

    public synchronized List<RunClass> classes() {
        return List.copyOf(classes);
    }

    public synchronized int size() {
        return classes.size();
    }

    public synchronized int count(RunClass cls) {
        int n = 0;
        for (RunClass c : classes) {
            if (c == cls) {
                n++;
            }
        }
        return n;
    }
}
