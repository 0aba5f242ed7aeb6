package dev.culprit.sim;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small, fast version of {@code culprit bench strategies}: a few trials of the standard mix on small
 * histories. It fails when bayes falls below classic on accuracy.
 */
class StrategyBenchTest {
    @Test
    void bayesIsAtLeastAsAccurateAsClassic() {
        List<Scenario> mix = Scenarios.standardMix().stream().map(StrategyBenchTest::small).toList();
        StrategyBench b = StrategyBench.run(mix, 4, 42, 4, 1, line -> { });
        Summary bayes = Summary.of(b.overall("bayes"));
        Summary classic = Summary.of(b.overall("classic"));
        assertThat(bayes.accuracy()).as(b.table()).isGreaterThanOrEqualTo(classic.accuracy());
        assertThat(bayes.trials()).isEqualTo(classic.trials()).isEqualTo(4 * mix.size());
        // Costs compared where classic is right too (the deterministic scenario, at least, is one).
        assertThat(b.table()).containsPattern("where classic is right in >= 95% of trials \\(\\d+ scenarios\\): "
                + "builds \\d+\\.\\d\\dx, runs \\d+\\.\\d\\dx, wall time \\d+\\.\\d\\dx");
    }

    /** The scenario on a 300-commit cycle: same truth rules, a smaller world. */
    private static Scenario small(Scenario s) {
        Scenario.Dag d = s.dag();
        Scenario.Dag smaller = new Scenario.Dag(300, d.cycles(), 20, d.mergeWindowShare(), d.noopShare(),
                Math.min(5, d.tipCommits()), d.repo(), d.rev());
        return new Scenario(s.name(), s.description(), s.mode(), s.good(), s.runsPerCommit(), smaller, s.target(),
                s.unrelated(), s.buildBroken(), s.bootBroken(), s.infraRate(), s.noopNearTarget(), s.costs());
    }
}
