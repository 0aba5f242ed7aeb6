package dev.culprit.sim;

import dev.culprit.bisect.BisectLog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The simulated "touches compiled files" property and dependency-aware pruning on it. */
class PruningSimTest {
    private static final BisectLog QUIET = line -> { };
    private static final String SMALL = "\"commitsPerCycle\": 200, \"cycles\": 2";

    private static Scenario scenario(String dagExtra, double p) {
        return Scenario.parse("{\"name\": \"t\", \"dag\": {" + SMALL + dagExtra + "}, \"target\": {\"titles\": "
                + "[\"BUG: x\"], \"p\": " + p + "}}", "test");
    }

    @Test
    void irrelevantCommitsAreNoOpsAndTheDefaultWorldIsUnchanged() {
        Scenario plain = scenario("", 0.5);
        Scenario marked = scenario(", \"irrelevantShare\": 0.6", 0.5);
        assertThat(plain.dag().irrelevantShare()).isZero();
        assertThat(plain.dag().prune()).isTrue();
        SimDag dag = DagGenerator.generate(plain.dag(), 7);
        World a = World.draw(plain, dag, 11);
        World b = World.draw(plain, dag, 11);
        World m = World.draw(marked, dag, 11);
        assertThat(a.hasIrrelevant()).isFalse();
        assertThat(m.target().culprit()).isEqualTo(a.target().culprit());
        int irrelevant = 0;
        var all = m.irrelevantIn(dag.graph());
        for (int c = 0; c < dag.size(); c++) {
            assertThat(a.signature(c)).isEqualTo(b.signature(c));
            if (a.noop(c)) {
                assertThat(m.noop(c)).as("a no-op stays one").isTrue();
            }
            if (all.contains(dag.hash(c))) {
                irrelevant++;
                assertThat(m.noop(c)).isTrue();
                assertThat(m.signature(c)).isEqualTo(m.signature(dag.graph().parents(c)[0]));
            }
        }
        assertThat(irrelevant / (double) dag.size()).isCloseTo(0.6, within(0.1));
    }

    @Test
    void aLaterBuildShowingMoreDependenciesShrinksThePrunedSet() {
        bisectWithChangingDependencies(false);
    }

    @Test
    void pruningStartsWhenTheFirstRealBuildShowsDependencies() {
        bisectWithChangingDependencies(true);
    }

    /**
     * unknownFirst: the pruner knows nothing for its first two calls (a resumed bisection, builds from the journal),
     * then the world's irrelevant commits. Else: it knows them at once, and from the third call on every other one
     * turns relevant (a later build showed more dependencies).
     */
    private static void bisectWithChangingDependencies(boolean unknownFirst) {
        Scenario s = scenario(", \"irrelevantShare\": 0.6", 1.0);
        SimDag dag = DagGenerator.generate(s.dag(), 5);
        World w = World.draw(s, dag, 9);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<String> lines = new java.util.ArrayList<>();
        dev.culprit.bisect.BisectConfig config = new dev.culprit.bisect.BisectConfig(dev.culprit.bisect.Mode.CAUSE,
                dag.hash(dag.tip()), java.util.List.of(dag.hash(Simulation.oldEnd(dag))), null,
                java.util.Optional.empty(), 4, Simulation.MAX_BUILDS);
        SimClock clock = new SimClock(4);
        dev.culprit.bisect.Bisection b = new dev.culprit.bisect.Bisection(config, new SimHistory(dag),
                clock.builder(new SimBuilder(w)), clock.runner(new SimRunner(w)), new dev.culprit.bisect.BayesStrategy(10,
                Simulation.CONFIDENCE), lines::add, clock::nanos);
        // From the third call on, the "builds" show more dependencies: every other irrelevant commit turns relevant.
        b.pruner((space, build) -> {
            java.util.List<String> all = new java.util.ArrayList<>(new java.util.TreeSet<>(w.irrelevantIn(space.graph())));
            int call = calls.incrementAndGet();
            if (unknownFirst) {
                return call < 3 ? java.util.Optional.empty() : java.util.Optional.of(java.util.Set.copyOf(all));
            }
            if (call >= 3) {
                all = all.subList(0, all.size() / 2);
            }
            return java.util.Optional.of(java.util.Set.copyOf(all));
        });
        dev.culprit.bisect.BisectResult r = b.run();
        java.util.List<String> pruned = lines.stream().filter(l -> l.startsWith("pruned ")).toList();
        if (unknownFirst) {
            assertThat(pruned).hasSize(1);
            assertThat(r.pruned()).isEqualTo(w.irrelevantIn(new SimHistory(dag).range(dag.hash(dag.tip()),
                    java.util.List.of(dag.hash(Simulation.oldEnd(dag))))).size()).isPositive();
            assertThat(r.culprits().get(0).hash()).isEqualTo(dag.hash(w.target().culprit()));
            return;
        }
        assertThat(pruned).hasSize(2);
        int first = Integer.parseInt(pruned.get(0).split(" ")[1].replace(",", ""));
        int second = Integer.parseInt(pruned.get(1).split(" ")[1].replace(",", ""));
        assertThat(second).isEqualTo(first / 2);
        assertThat(r.pruned()).isEqualTo(second);
        assertThat(r.culprits().get(0).hash()).isEqualTo(dag.hash(w.target().culprit()));
    }

    @Test
    void pruningBuildsLessAndStaysRight() {
        Scenario on = scenario(", \"irrelevantShare\": 0.6", 0.5);
        Scenario off = scenario(", \"irrelevantShare\": 0.6, \"prune\": false", 0.5);
        Simulation sim = new Simulation();
        int buildsOn = 0;
        int buildsOff = 0;
        int rightOn = 0;
        int rightOff = 0;
        int trials = 6;
        for (int i = 0; i < trials; i++) {
            Trial a = sim.trial(on, "bayes", i, 3, QUIET);
            Trial b = sim.trial(off, "bayes", i, 3, QUIET);
            buildsOn += a.builds();
            buildsOff += b.builds();
            rightOn += a.right() ? 1 : 0;
            rightOff += b.right() ? 1 : 0;
        }
        assertThat(rightOn).isGreaterThanOrEqualTo(rightOff - 1);
        assertThat(buildsOn).isLessThan(buildsOff);
    }
}
