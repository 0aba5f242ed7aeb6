package dev.culprit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.culprit.common.AtomicFiles;
import dev.culprit.common.BadInputException;
import dev.culprit.sim.Scenario;
import dev.culprit.sim.Scenarios;
import dev.culprit.sim.StrategyBench;
import dev.culprit.sim.Summary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code culprit bench strategies}: the standard mix, bayes and classic side by side. */
@Command(name = "strategies", mixinStandardHelpOptions = true,
        description = "Run the standard mix of simulated scenarios with every strategy and print one table.")
final class BenchStrategiesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--trials", defaultValue = "50", description = "Trials per scenario and strategy (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--slots", defaultValue = "4", description = "VM slots for every scenario (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(names = "--lanes", defaultValue = "1",
            description = "Commits bayes tests at once, sharing the slots (classic: always one). "
                    + "Default: ${DEFAULT-VALUE}.")
    int lanes;

    @Option(names = "--no-build-ahead",
            description = "Build only the commit being tested (by default bayes builds its next likely commits "
                    + "while the runs go on).")
    boolean noBuildAhead;

    @Option(names = "--threads", description = "Trials run at once (default: the number of processors).")
    Integer threads;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write every trial and summary to FILE.")
    Path json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (trials <= 0 || slots <= 0 || lanes <= 0 || (threads != null && threads <= 0)) {
            throw new BadInputException("--trials, --slots, --lanes and --threads must be at least 1");
        }
        if (json != null) {
            AtomicFiles.checkWritable(json, "--json"); // before the bench's minute of work, not after it
        }
        int th = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        List<Scenario> mix = Scenarios.standardMix().stream().map(s -> s.withBuildAhead(!noBuildAhead)).toList();
        StrategyBench b = StrategyBench.run(mix, trials, seed, slots, lanes, th, line -> {
            err.println(line);
            err.flush();
        });
        out.print(b.table());
        out.flush();
        if (json != null) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("trialsPerScenario", trials);
            doc.put("seed", seed);
            doc.put("slots", slots);
            Map<String, Object> summaries = new LinkedHashMap<>();
            for (String s : b.scenarios()) {
                Map<String, Summary> byStrategy = new LinkedHashMap<>();
                b.trials().get(s).forEach((st, ts) -> byStrategy.put(st, Summary.of(ts)));
                summaries.put(s, byStrategy);
            }
            Map<String, Summary> overall = new LinkedHashMap<>();
            for (String st : b.strategies()) {
                overall.put(st, Summary.of(b.overall(st)));
            }
            summaries.put("overall", overall);
            doc.put("summaries", summaries);
            doc.put("trials", b.trials());
            try {
                AtomicFiles.write(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(doc));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Main.EXIT_FOUND;
    }
}
