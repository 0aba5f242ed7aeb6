package dev.culprit.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * At p = 0.1 no number of clean runs makes a release certainly free of the crash. Walking on to older releases,
 * which get no more runs, used to end "no release could be shown to be free of the crash"; bayes now searches
 * from the first clean release and keeps "already there" as a hypothesis.
 */
class LowReproducibilityReleaseWalkTest {
    private static final int TRIALS = 24;

    @Test
    void aCleanButUncertainReleaseStartsTheSearchInsteadOfEndingIt() {
        Scenario s = Scenarios.builtIn("p-0.1");
        Simulation sim = new Simulation();
        int startedFromUncertain = 0;
        int right = 0;
        for (int i = 0; i < TRIALS; i++) {
            List<String> log = new ArrayList<>();
            Trial t = sim.trial(s, "bayes", i, 1, log::add);
            assertThat(log).as("trial %d", i).noneMatch(l -> l.equals("no release could be shown to be free of the crash"));
            startedFromUncertain += log.stream().anyMatch(l -> l.endsWith("not yet certainly: the search starts from it"))
                    ? 1 : 0;
            right += t.right() ? 1 : 0;
        }
        assertThat(startedFromUncertain).isPositive();
        assertThat(right).as("right answers at p = 0.1").isGreaterThanOrEqualTo(TRIALS * 3 / 4);
    }
}
