package dev.culprit.sim;

import org.junit.jupiter.api.Test;

import java.util.List;

class SmokeTest {
    @Test
    void runsEveryScenario() {
        Simulation sim = new Simulation();
        for (String name : Scenarios.builtInNames()) {
            Scenario s = Scenarios.builtIn(name);
            for (String strat : List.of("classic", "bayes")) {
                long t0 = System.nanoTime();
                List<Trial> ts = sim.run(s, strat, 3, 1, 1);
                for (Trial t : ts) {
                    System.out.printf("%-18s %-8s %-16s right=%s conf=%.3f builds=%d runs=%d wall=%.1fh exp=%s ident=%s%n",
                            name, strat, t.outcome(), t.right(), t.confidence(), t.builds(), t.runs(), t.wallHours(),
                            t.expected(), t.identifiable());
                }
                System.out.printf("  %.0f ms%n", (System.nanoTime() - t0) / 1e6);
            }
        }
    }
}
