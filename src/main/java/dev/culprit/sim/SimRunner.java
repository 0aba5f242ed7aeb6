package dev.culprit.sim;

import dev.culprit.build.BuildResult;
import dev.culprit.run.RunOutcome;
import dev.culprit.run.Runner;

/**
 * Runs the reproducer in the simulated world. Thread-safe: every run's randomness comes from (trial seed,
 * commit, run index), never from shared state, so results do not depend on thread timing.
 */
public final class SimRunner implements Runner {
    private final World world;

    public SimRunner(World world) {
        this.world = world;
    }

    @Override
    public RunOutcome run(BuildResult build, int index) {
        if (!build.ok()) {
            throw new IllegalArgumentException("cannot run the failed build of " + build.commit());
        }
        int c = world.dag().graph().indexOf(build.commit());
        if (c >= 0) {
            return world.run(c, index);
        }
        World.Tree tree = world.tree(build.commit())
                .orElseThrow(() -> new IllegalArgumentException("cannot run " + build.commit()));
        return world.run(tree.base(), index, tree.change());
    }
}
