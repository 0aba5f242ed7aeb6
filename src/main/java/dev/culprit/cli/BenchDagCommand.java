package dev.culprit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.culprit.common.AtomicFiles;
import dev.culprit.common.BadInputException;
import dev.culprit.common.FileTrees;
import dev.culprit.sim.DagBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code culprit bench dag}: next-commit choice on a 100,000-commit history, next to git's. */
@Command(name = "dag", mixinStandardHelpOptions = true,
        description = "Time the choice of the next commit (classic, bayes) on a generated kernel-like history and"
                + " git rev-list --bisect on a real repository of the same shape.")
final class BenchDagCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--commits", defaultValue = "100000", description = "Commits of the history (default: ${DEFAULT-VALUE}).")
    int commits;

    @Option(names = "--per-cycle", defaultValue = "12500", description = "Commits per release cycle (default: ${DEFAULT-VALUE}, about a kernel release).")
    int perCycle;

    @Option(names = "--after", defaultValue = "4", description = "Second measurement after this many search results (default: ${DEFAULT-VALUE}).")
    int after;

    @Option(names = "--reps", defaultValue = "10", description = "Timed repetitions per measurement (default: ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed repetitions first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the history (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--work", paramLabel = "DIR", description = "Where the generated repository goes (kept); default: a temporary directory, removed afterwards.")
    Path work;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures to FILE.")
    Path json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (commits < 200 || perCycle < 50 || after < 1 || reps < 1 || warmup < 0) {
            throw new BadInputException("need --commits >= 200, --per-cycle >= 50, --after >= 1, --reps >= 1,"
                    + " --warmup >= 0");
        }
        Path dir = work != null ? work : Files.createTempDirectory("culprit-bench-dag");
        if (work != null) {
            Files.createDirectories(work);
            if (Files.exists(work.resolve("bench-dag.git"))) {
                throw new BadInputException(work.resolve("bench-dag.git") + " exists: remove it or pick another --work");
            }
        }
        DagBench.Result r;
        try {
            r = DagBench.run(new DagBench.Options(commits, perCycle, seed, after, warmup, reps, dir), line -> {
                err.println(line);
                err.flush();
            });
        } finally {
            if (work == null) {
                deleteTree(dir);
            }
        }
        out.print(table(r));
        out.flush();
        if (json != null) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("commits", r.commits());
            doc.put("range", r.rangeSize());
            doc.put("merges", r.merges());
            doc.put("commitsPerCycle", perCycle);
            doc.put("seed", seed);
            doc.put("after", after);
            doc.put("reps", reps);
            doc.put("warmup", warmup);
            doc.put("machine", r.machine());
            Map<String, Object> begin = new LinkedHashMap<>();
            for (int i = 0; i < DagBench.STRATEGIES.size(); i++) {
                begin.put(DagBench.STRATEGIES.get(i), r.beginMillis()[i]);
            }
            doc.put("beginMillis", begin);
            doc.put("classicSameAsGit", r.sameAsGit());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (DagBench.Row row : r.rows()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("what", row.what());
                m.put("step", row.step());
                m.put("range", row.range());
                m.put("chosen", row.chosen());
                m.put("medianMillis", row.median());
                m.put("p95Millis", row.p95());
                m.put("millis", row.millis());
                rows.add(m);
            }
            doc.put("rows", rows);
            AtomicFiles.write(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(doc));
        }
        return Main.EXIT_FOUND;
    }

    static String table(DagBench.Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "next-commit choice on a generated kernel-like DAG: %,d commits (%,d merges),"
                + " range tip ^root = %,d commits%n", r.commits(), r.merges(), r.rangeSize()));
        sb.append(String.format(Locale.ROOT, "%-38s %5s %8s %11s %11s  %s%n", "", "step", "range", "median ms",
                "p95 ms", "chosen"));
        for (DagBench.Row row : r.rows()) {
            sb.append(String.format(Locale.ROOT, "%-38s %5d %8d %11.1f %11.1f  %s%n", row.what(), row.step(),
                    row.range(), row.median(), row.p95(), row.chosen().substring(0, 12)));
        }
        sb.append("step 1 = first choice on the whole range; step ").append(r.options().after() + 1)
                .append(" = after ").append(r.options().after()).append(" search results (range = what git still searches;")
                .append(" bayes keeps its posterior over the whole graph)\n");
        sb.append(String.format(Locale.ROOT, "begin() once per bisection: classic %.1f ms, bayes %.1f ms%n",
                r.beginMillis()[0], r.beginMillis()[1]));
        sb.append("classic chose git's commit at every step: ").append(r.sameAsGit() ? "yes" : "NO").append('\n');
        sb.append(String.format(Locale.ROOT, "%d timed repetitions after %d warm-up; machine: %s%n",
                r.options().reps(), r.options().warmup(), r.machine()));
        return sb.toString();
    }

    private static void deleteTree(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
