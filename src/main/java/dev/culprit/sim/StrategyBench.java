package dev.culprit.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code culprit bench strategies}: every scenario of a mix, every strategy, the same trial seeds; one table.
 *
 * @param scenarios scenario names in table order
 * @param trials    per scenario and strategy: the trials
 */
public record StrategyBench(List<String> strategies, List<String> scenarios, Map<String, Map<String, List<Trial>>> trials,
                            int trialsPerScenario, long seed, int slots) {
    public static final List<String> STRATEGIES = List.of("bayes", "classic");

    /** Runs the mix. {@code progress} gets one line per scenario done. */
    public static StrategyBench run(List<Scenario> mix, int trialsPerScenario, long seed, int slots, int threads,
                                    java.util.function.Consumer<String> progress) {
        return run(mix, trialsPerScenario, seed, slots, 1, threads, progress);
    }

    /**
     * Runs the mix; {@code bayesLanes} commits at a time for bayes (sharing the slots), one for classic, whose
     * git midpoint names a single commit per step (syzbot's way).
     */
    public static StrategyBench run(List<Scenario> mix, int trialsPerScenario, long seed, int slots, int bayesLanes,
                                    int threads, java.util.function.Consumer<String> progress) {
        Simulation sim = new Simulation();
        Map<String, Map<String, List<Trial>>> all = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (Scenario s0 : mix) {
            Scenario s = s0.withSlots(slots);
            names.add(s.name());
            Map<String, List<Trial>> byStrategy = new LinkedHashMap<>();
            for (String strategy : STRATEGIES) {
                long t0 = System.nanoTime();
                Scenario run = strategy.equals("bayes") ? s.withLanes(bayesLanes) : s;
                byStrategy.put(strategy, sim.run(run, strategy, trialsPerScenario, seed, threads));
                progress.accept(String.format(Locale.ROOT, "%s/%s: %d trials in %.1f s", s.name(), strategy,
                        trialsPerScenario, (System.nanoTime() - t0) / 1e9));
            }
            all.put(s.name(), byStrategy);
        }
        return new StrategyBench(STRATEGIES, names, all, trialsPerScenario, seed, slots);
    }

    /** Every trial of a strategy across the mix. */
    public List<Trial> overall(String strategy) {
        List<Trial> out = new ArrayList<>();
        for (String s : scenarios) {
            out.addAll(trials.get(s).get(strategy));
        }
        return out;
    }

    /** Classic's accuracy on a scenario above which the two strategies' costs are compared on it alone. */
    static final double FAIR_ACCURACY = 0.95;

    /** The table: one row per scenario and the overall row, strategies side by side. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        String head = String.format(Locale.ROOT, "%-18s", "scenario");
        String cols = "  %6s %6s %6s %5s %5s %6s %6s %6s %6s";
        StringBuilder h1 = new StringBuilder(head);
        StringBuilder h2 = new StringBuilder(String.format(Locale.ROOT, "%-18s", ""));
        for (String st : strategies) {
            h1.append(String.format(Locale.ROOT, "  %-60s", "── " + st + " " + "─".repeat(56 - st.length())));
            h2.append(String.format(Locale.ROOT, cols, "acc", "wrong", "build", "b95", "runs", "r95", "wall h",
                    "w95", "calib"));
        }
        sb.append(h1.toString().stripTrailing()).append('\n').append(h2).append('\n');
        for (String s : scenarios) {
            sb.append(row(s, st -> trials.get(s).get(st)));
        }
        sb.append(row("OVERALL", this::overall));
        Summary b = Summary.of(overall("bayes"));
        Summary c = Summary.of(overall("classic"));
        sb.append(String.format(Locale.ROOT,
                "%nbayes/classic: builds %.2fx, runs %.2fx, wall time %.2fx (%d VM slots); %d trials per scenario,"
                        + " seed %d%n", b.meanBuilds() / c.meanBuilds(), b.meanRuns() / c.meanRuns(),
                b.meanWall() / c.meanWall(), slots, trialsPerScenario, seed));
        // Speed is only worth comparing where both are right: a wrong answer found fast is no saving.
        List<String> fair = scenarios.stream()
                .filter(sc -> Summary.of(trials.get(sc).get("classic")).accuracy() >= FAIR_ACCURACY).toList();
        if (!fair.isEmpty()) {
            Summary bf = Summary.of(fair.stream().flatMap(sc -> trials.get(sc).get("bayes").stream()).toList());
            Summary cf = Summary.of(fair.stream().flatMap(sc -> trials.get(sc).get("classic").stream()).toList());
            sb.append(String.format(Locale.ROOT,
                    "where classic is right in >= %.0f%% of trials (%d scenarios): builds %.2fx, runs %.2fx, wall time"
                            + " %.2fx%n", 100 * FAIR_ACCURACY, fair.size(), bf.meanBuilds() / cf.meanBuilds(),
                    bf.meanRuns() / cf.meanRuns(), bf.meanWall() / cf.meanWall()));
        }
        sb.append("acc = right answers; wrong = wrong yet confidence >= 0.95; calib = right among answers with"
                + " confidence >= 0.95\n");
        return sb.toString();
    }

    private String row(String label, java.util.function.Function<String, List<Trial>> of) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-18s", label));
        for (String st : strategies) {
            Summary x = Summary.of(of.apply(st));
            sb.append(String.format(Locale.ROOT, "  %5.1f%% %5.1f%% %6.1f %5.0f %5.0f %6.0f %6.1f %6.1f %6s",
                    100 * x.accuracy(), 100 * x.confidentWrong(), x.meanBuilds(), x.p95Builds(), x.meanRuns(),
                    x.p95Runs(), x.meanWall(), x.p95Wall(),
                    Double.isNaN(x.calibration()) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * x.calibration())));
        }
        return sb.append('\n').toString();
    }
}
