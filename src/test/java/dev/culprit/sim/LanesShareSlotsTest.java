package dev.culprit.sim;

import dev.culprit.bisect.BisectConfig;
import dev.culprit.bisect.BisectResult;
import dev.culprit.bisect.Bisection;
import dev.culprit.bisect.Mode;
import dev.culprit.bisect.BayesStrategy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import dev.culprit.run.RunOutcome;
import dev.culprit.run.Runner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With several lanes, the commits tested side by side share the run slots, but a commit tested alone (the start,
 * the release walk, verification) gets all of them: its runs take as few waves as with one lane.
 */
class LanesShareSlotsTest {
    @Test
    void aCommitTestedAloneGetsEverySlotAndSideBySideCommitsSplitThem() {
        Scenario s = Scenario.parse("{\"name\": \"t\", \"dag\": {\"commitsPerCycle\": 200, \"cycles\": 2}, "
                + "\"good\": \"given\", \"target\": {\"titles\": [\"BUG: x\"], \"p\": 1.0}, \"costs\": {\"slots\": 4, "
                + "\"lanes\": 2}}", "test");
        SimDag dag = new Simulation().dag(s, 3);
        World world = World.draw(s, dag, 4);
        SimClock clock = new SimClock(s.costs().slots());
        Map<String, List<Duration>> runTimes = new ConcurrentHashMap<>();
        List<Bisection.Lane> lanes = new ArrayList<>();
        for (int i = 0; i < s.costs().lanes(); i++) {
            Runner sim = clock.runner(new SimRunner(world));
            Runner timed = (build, index) -> {
                RunOutcome o = sim.run(build, index);
                runTimes.computeIfAbsent(build.commit(), c -> new CopyOnWriteArrayList<>()).add(o.duration());
                return o;
            };
            lanes.add(new Bisection.Lane(clock.builder(new SimBuilder(world)), timed, false));
        }
        BisectConfig config = new BisectConfig(Mode.CAUSE, dag.hash(dag.tip()),
                List.of(dag.hash(Simulation.oldEnd(dag))), null, Optional.empty(), s.costs().slots(), 100, true, 0.95);
        BisectResult r = new Bisection(config, new SimHistory(dag), lanes, new BayesStrategy(10, 0.95), line -> { },
                clock::nanos).run();

        BisectResult.Step start = r.steps().get(0);
        assertThat(start.phase()).isEqualTo("start");
        assertThat(start.outcomes()).hasSize(4);
        // A wave lasts as long as its longest run: one wave of 4, not two of 2.
        assertThat(start.testTime()).as("4 runs on 4 slots: one wave")
                .isEqualTo(Collections.max(runTimes.get(start.commit())));
        // Side by side, two commits get 2 slots each: at p = 1 their first wave of 2 runs settles them.
        List<BisectResult.Step> search = r.steps().stream().filter(st -> st.phase().equals("search")).toList();
        assertThat(search).extracting(st -> st.outcomes().size()).contains(2);
    }
}
