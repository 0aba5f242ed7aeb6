package dev.culprit.sim;

import dev.culprit.run.RunOutcome;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The simulated world does what its scenario says, over many draws. */
class TruthModelTest {
    private static Scenario scenario(String json) {
        return Scenario.parse(json, "test");
    }

    private static final String SMALL = "\"dag\": {\"commitsPerCycle\": 200, \"cycles\": 2}";

    @Test
    void targetCrashesWithItsReproducibilityWhereItIsPresentAndNeverElsewhere() {
        World w = World.draw(scenario("{\"name\": \"t\", " + SMALL + ", \"target\": {\"titles\": [\"BUG: x\"],"
                + " \"p\": 0.3}}"), DagGenerator.generate(scenario("{\"name\": \"t\", " + SMALL
                + ", \"target\": {\"titles\": [\"BUG: x\"]}}").dag(), 7), 11);
        int present = w.dag().tip();
        int absent = w.dag().boundary(0);
        assertThat(w.targetPresent(present)).isTrue();
        assertThat(w.targetPresent(absent)).isFalse();
        int crashes = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            if (w.run(present, i) instanceof RunOutcome.Crashed c) {
                assertThat(c.title()).isEqualTo("BUG: x");
                crashes++;
            }
            assertThat(w.run(absent, i)).isInstanceOf(RunOutcome.Ok.class);
        }
        assertThat(crashes / (double) n).isCloseTo(0.3, within(0.015));
    }

    @Test
    void firstFiringUnrelatedBugMasksTheTargetInsideItsWindow() {
        Scenario s = scenario("{\"name\": \"t\", " + SMALL + ", \"target\": {\"titles\": [\"BUG: x\"], \"p\": 1.0,"
                + " \"culprit\": {\"from\": 0.1, \"to\": 0.2, \"on\": \"mainline\"}},"
                + " \"unrelated\": [{\"titles\": [\"WARNING in kvm_wait\"], \"p\": 0.5, \"first\": true,"
                + " \"culprit\": {\"from\": 0.3, \"to\": 0.4, \"on\": \"mainline\"},"
                + " \"fix\": {\"from\": 0.7, \"to\": 0.8, \"on\": \"mainline\"}}], \"infraRate\": 0.1}");
        World w = World.draw(s, DagGenerator.generate(s.dag(), 3), 5);
        World.PlacedBug other = w.unrelated().get(0);
        int both = other.culprit(); // a descendant of the target's mainline culprit, before the fix
        assertThat(w.targetPresent(both)).isTrue();
        assertThat(other.present().get(both)).isTrue();
        int target = 0;
        int masked = 0;
        int infra = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            RunOutcome o = w.run(both, i);
            if (o instanceof RunOutcome.InfraError) {
                infra++;
            } else if (o instanceof RunOutcome.Crashed c && c.title().equals("BUG: x")) {
                target++;
            } else if (o instanceof RunOutcome.Crashed) {
                masked++;
            }
        }
        assertThat(infra / (double) n).isCloseTo(0.1, within(0.01));
        assertThat(masked / (double) n).isCloseTo(0.9 * 0.5, within(0.015));
        assertThat(target / (double) n).isCloseTo(0.9 * 0.5, within(0.015));
        assertThat(other.present().get(other.fix())).isFalse();
    }

    @Test
    void noOpCommitsShareTheirParentsSignatureAndBehaviour() {
        Scenario s = scenario("{\"name\": \"t\", " + SMALL + ", \"target\": {\"titles\": [\"BUG: x\"], \"p\": 0.5},"
                + " \"buildBroken\": [{\"from\": {\"from\": 0.2, \"to\": 0.3}, \"to\": {\"from\": 0.5, \"to\": 0.6}}]}");
        World w = World.draw(s, DagGenerator.generate(s.dag(), 9), 9);
        int noops = 0;
        int eligible = 0;
        for (int c = 0; c < w.dag().size(); c++) {
            int[] ps = w.dag().graph().parents(c);
            if (ps.length != 1 || w.dag().isMerge(c)) {
                continue;
            }
            eligible++;
            int p = ps[0];
            if (w.noop(c)) {
                noops++;
                assertThat(w.signature(c)).isEqualTo(w.signature(p));
                assertThat(w.builds(c)).isEqualTo(w.builds(p));
                assertThat(w.targetPresent(c)).isEqualTo(w.targetPresent(p));
            } else {
                assertThat(w.signature(c)).isNotEqualTo(w.signature(p));
            }
        }
        assertThat(noops / (double) eligible).isBetween(0.10, 0.20);
        assertThat(w.target().culprit()).satisfies(c -> assertThat(w.noop(c)).isFalse());
        assertThat(w.builds(w.buildBroken().get(0).from())).isFalse();
        assertThat(w.builds(w.dag().tip())).isTrue();
    }

    @Test
    void runsDependOnlyOnSeedCommitAndIndex() {
        Scenario s = Scenarios.builtIn("unrelated-to-end");
        World a = World.draw(s, DagGenerator.generate(s.dag(), 1), 2);
        World b = World.draw(s, DagGenerator.generate(s.dag(), 1), 2);
        for (int i = 0; i < 50; i++) {
            assertThat(b.run(0, 49 - i).describe()).isEqualTo(a.run(0, 49 - i).describe());
        }
    }

    @Test
    void generatedHistoryIsKernelShaped() {
        SimDag d = DagGenerator.generate(Scenarios.builtIn("seed-replay").dag(), 4);
        int range = d.cycleMembers(0).size();
        assertThat(range).isBetween(6700, 6900);
        long merges = d.cycleMembers(0).stream().filter(d::isMerge).count();
        assertThat(merges).isBetween(100L, 2000L);
        assertThat(d.tagsAt(d.boundary(0))).contains("v5.11");
        assertThat(new SimHistory(d).releasesBefore(d.hash(d.tip())).get(0).name()).isEqualTo("v5.12");
    }

    @Test
    void everyBuiltInScenarioParses() {
        for (String name : Scenarios.builtInNames()) {
            assertThat(Scenarios.builtIn(name).name()).isEqualTo(name);
        }
        assertThat(Scenarios.standardMix()).hasSize(13);
        assertThat(List.of("p-0.2", "seed-replay")).allSatisfy(n -> assertThat(Scenarios.builtInNames()).contains(n));
    }
}
