package dev.culprit.sim;

import dev.culprit.build.BuildResult;
import dev.culprit.build.Builder;
import dev.culprit.run.RunOutcome;
import dev.culprit.run.Runner;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated clock one bisection sees through its {@code nanoTime}: it advances by each build's minutes and
 * by each run's minutes divided by the VM slots (the runs of a wave share the slots). It feeds the engine's
 * progress estimate and its "total time" line; the figures the benchmark reports are the engine's own build
 * and test sums ({@code BisectResult.build()/test()}), which count the longest run of each wave. When the engine
 * learns to test several commits at once and to overlap a build with the previous commit's runs, this clock is
 * where that overlap would be accounted.
 */
final class SimClock {
    private final int slots;
    private final AtomicLong nanos = new AtomicLong();

    SimClock(int slots) {
        this.slots = slots;
    }

    long nanos() {
        return nanos.get();
    }

    Builder builder(Builder inner) {
        return new Builder() {
            @Override
            public String toolchainId(String commit) {
                return inner.toolchainId(commit);
            }

            @Override
            public BuildResult build(String commit) {
                BuildResult b = inner.build(commit);
                nanos.addAndGet(b.duration().toNanos());
                return b;
            }

            @Override
            public BuildResult buildWith(String base, dev.culprit.build.Change change) {
                BuildResult b = inner.buildWith(base, change);
                nanos.addAndGet(b.duration().toNanos());
                return b;
            }
        };
    }

    Runner runner(Runner inner) {
        return (build, index) -> {
            RunOutcome o = inner.run(build, index);
            nanos.addAndGet(o.duration().toNanos() / slots);
            return o;
        };
    }
}
