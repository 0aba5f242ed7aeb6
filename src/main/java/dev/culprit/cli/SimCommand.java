package dev.culprit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.culprit.common.BadInputException;
import dev.culprit.sim.Scenario;
import dev.culprit.sim.Scenarios;
import dev.culprit.sim.Simulation;
import dev.culprit.sim.Summary;
import dev.culprit.sim.Trial;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code culprit sim}: bisections of a simulated world, through the real engine. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Run bisections of a simulated history (a built-in scenario or a scenario file) and judge"
                + " them against the truth.")
final class SimCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--scenario", required = true, paramLabel = "NAME|FILE",
            description = "A built-in scenario (deterministic, p-0.5, ..., seed-replay: see README) or a JSON scenario file.")
    String scenario;

    @Option(names = "--strategy", defaultValue = "bayes", description = "bayes or classic (default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--trials", defaultValue = "20", description = "Bisections, each of a fresh draw (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the draws; trial i is the same world for every strategy (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--slots", description = "VM slots (runs at once); default: the scenario's.")
    Integer slots;

    @Option(names = "--no-build-ahead",
            description = "Build only the commit being tested (by default the next likely commits are built while "
                    + "the runs go on, where the scenario's costs leave time for it).")
    boolean noBuildAhead;

    @Option(names = "--lanes", description = "Commits tested at once, sharing the slots; default: the scenario's.")
    Integer lanes;

    @Option(names = "--threads", defaultValue = "1", description = "Trials run at once (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--json", description = "Print every trial and the summary as JSON instead of text.")
    boolean json;

    @Option(names = "--log", description = "Print the bisection log of one trial first (see --log-trial).")
    boolean log;

    @Option(names = "--log-trial", defaultValue = "0", paramLabel = "I",
            description = "With --log: which trial's log to print. Default: ${DEFAULT-VALUE}.")
    int logTrial;

    @Option(names = "--show-scenario", description = "Print the scenario with every default spelled out, and exit.")
    boolean show;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (trials <= 0) {
            throw new BadInputException("--trials must be at least 1, got " + trials);
        }
        if (threads <= 0) {
            throw new BadInputException("--threads must be at least 1, got " + threads);
        }
        if (slots != null && slots <= 0) {
            throw new BadInputException("--slots must be at least 1, got " + slots);
        }
        Simulation.strategy(strategy, 1); // validates the name
        Scenario s = Scenarios.load(scenario);
        if (slots != null) {
            s = s.withSlots(slots);
        }
        if (noBuildAhead) {
            s = s.withBuildAhead(false);
        }
        if (lanes != null) {
            if (lanes <= 0) {
                throw new BadInputException("--lanes must be at least 1, got " + lanes);
            }
            s = s.withLanes(lanes);
        }
        if (show) {
            out.println(s.toJson());
            return Main.EXIT_FOUND;
        }
        Simulation sim = new Simulation();
        if (log && !json) {
            StringWriter buf = new StringWriter();
            PrintWriter pw = new PrintWriter(buf);
            sim.trial(s, strategy, logTrial, seed, pw::println);
            pw.flush();
            out.print(buf);
            out.println();
        }
        List<Trial> ts = sim.run(s, strategy, trials, seed, threads);
        Summary sum = Summary.of(ts);
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("scenario", s.name());
            doc.put("strategy", strategy);
            doc.put("seed", seed);
            doc.put("slots", s.costs().slots());
            doc.put("summary", sum);
            doc.put("trials", ts);
            try {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Main.EXIT_FOUND;
        }
        out.printf(Locale.ROOT, "scenario %s (%s), strategy %s, %d trials, seed %d, %d VM slots%n", s.name(),
                s.description(), strategy, trials, seed, s.costs().slots());
        for (Trial t : ts) {
            out.printf(Locale.ROOT, "trial %3d: %-5s %-17s %-12s conf %.3f  builds %3d  runs %4d  wall %5.1fh%s%n",
                    t.index(), t.right() ? "right" : "WRONG", t.outcome(), t.answer().isEmpty() ? "-"
                            : t.answer().substring(0, 12), t.confidence(), t.builds(), t.runs(), t.wallHours(),
                    t.flags().isEmpty() ? "" : "  " + t.flags());
        }
        out.printf(Locale.ROOT, "accuracy %.1f%%, wrong yet confident %.1f%%, builds %.1f (p95 %.0f), runs %.0f"
                        + " (p95 %.0f), wall %.1fh (p95 %.1fh)%n", 100 * sum.accuracy(), 100 * sum.confidentWrong(),
                sum.meanBuilds(), sum.p95Builds(), sum.meanRuns(), sum.p95Runs(), sum.meanWall(), sum.p95Wall());
        return Main.EXIT_FOUND;
    }
}
