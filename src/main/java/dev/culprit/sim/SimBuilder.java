package dev.culprit.sim;

import dev.culprit.build.BuildResult;
import dev.culprit.build.Builder;
import dev.culprit.build.Change;

import java.time.Duration;
import java.util.Optional;

/**
 * Builds in the simulated world: instantly, but reporting the minutes a real build would have taken. The first
 * build is a full one; later ones cost the incremental minutes plus a share of the full cost that grows with
 * the distance (in commits) from the previous build, as a kernel build tree with ccache behaves. A commit of a
 * build-broken range fails; a successful build carries the commit's signature (a no-op commit's is its
 * parent's). One instance serves one bisection (the engine builds from one thread).
 */
public final class SimBuilder implements Builder {
    private final World world;
    private int lastOrder = -1;
    private int builds;

    public SimBuilder(World world) {
        this.world = world;
    }

    @Override
    public String toolchainId(String commit) {
        return "gcc (GCC) 10.2.1 20210217 (simulated)";
    }

    @Override
    public BuildResult build(String commit) {
        int c = world.dag().graph().indexOf(commit);
        if (c < 0) {
            throw new IllegalArgumentException("not a commit of the simulated history: " + commit);
        }
        Scenario.Costs costs = world.scenario().costs();
        double minutes;
        int order = world.dag().order(c);
        if (lastOrder < 0) {
            minutes = costs.fullBuildMinutes();
        } else {
            double share = Math.min(1.0, Math.abs(order - lastOrder) / (double) costs.fullRebuildDistance());
            minutes = costs.incrementalMinutes() + (costs.fullBuildMinutes() - costs.incrementalMinutes()) * share;
        }
        lastOrder = order;
        builds++;
        Duration d = World.minutes(minutes);
        if (!world.builds(c)) {
            return new BuildResult(commit, false, Optional.empty(), d,
                    "drivers/sim/broken.c:42:1: error: expected ';' before '}' token (simulated build failure)",
                    Optional.empty());
        }
        return new BuildResult(commit, true, Optional.of(world.signature(c)), d, "", Optional.empty());
    }

    /**
     * Verification's trees build like their base commit (broken where it is broken); their signature is their
     * own, since the change on top makes a different binary.
     */
    @Override
    public BuildResult buildWith(String base, Change change) {
        BuildResult b = build(base);
        String id = change.treeId(base);
        world.registerTree(id, new World.Tree(world.dag().graph().indexOf(base), change));
        return new BuildResult(id, b.ok(), b.signature().map(sig -> World.mixedSignature(sig, id)), b.duration(),
                b.errorSummary(), b.logFile());
    }

    /** Builds asked of this builder. */
    public int builds() {
        return builds;
    }
}
