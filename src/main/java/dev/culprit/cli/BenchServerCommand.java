package dev.culprit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.culprit.common.BadInputException;
import dev.culprit.server.ApiClient;
import dev.culprit.server.LocalFleet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code culprit bench server}: a load test of the service. A server and N workers as processes on loopback,
 * M quick sim jobs queued at once; checks that every job ran exactly once (one claim each, all done) and prints
 * jobs per minute and the API's latency (p50/p99 over every API call the server answered, workers' included).
 */
@Command(name = "server", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Queue sim jobs on a local server with workers (separate processes) and print throughput "
                + "and API latency. Exit 0 when every job ran exactly once.")
final class BenchServerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--jobs", defaultValue = "50", description = "Jobs to queue. Default: ${DEFAULT-VALUE}.")
    int jobs;

    @Option(names = "--workers", defaultValue = "4", description = "Worker processes. Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--scenario", defaultValue = "p-0.5", description = "Sim scenario. Default: ${DEFAULT-VALUE}.")
    String scenario;

    @Option(names = "--db", paramLabel = "URL", description = "The server's journal (default: SQLite in --dir).")
    String db;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the processes keep their files "
            + "(default: a new temporary directory).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        if (jobs < 1 || workers < 1) {
            throw new BadInputException("--jobs and --workers must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path base = dir != null ? dir : Files.createTempDirectory("culprit-bench-server");
        try (LocalFleet fleet = new LocalFleet(base)) {
            List<String> serverOptions = new ArrayList<>(List.of("--slots", "0", "--lease", "20s"));
            if (db != null) {
                serverOptions.addAll(List.of("--db", db));
            }
            fleet.startServer(serverOptions);
            for (int i = 0; i < workers; i++) {
                fleet.startWorker(i, List.of("--poll", "100ms"), Map.of());
            }
            ApiClient api = fleet.client();
            List<Long> submitNanos = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < jobs; i++) {
                long t0 = System.nanoTime();
                ApiClient.Response r = api.post("/api/jobs", dev.culprit.server.LocalFleetJson.sim(scenario, i));
                submitNanos.add(System.nanoTime() - t0);
                if (r.status() != 201) {
                    throw new IllegalStateException("submit refused: HTTP " + r.status() + " " + r.body());
                }
                ids.add(r.json().path("id").asLong());
            }
            List<Long> pollNanos = new ArrayList<>();
            JsonNode list;
            long deadline = System.nanoTime() + 30L * 60 * 1_000_000_000L;
            while (true) {
                long t0 = System.nanoTime();
                list = api.get("/api/jobs?limit=" + (jobs + 100)).json().path("jobs");
                pollNanos.add(System.nanoTime() - t0);
                int finished = 0;
                for (JsonNode j : list) {
                    if (ids.contains(j.path("id").asLong()) && !List.of("queued", "running")
                            .contains(j.path("state").asText())) {
                        finished++;
                    }
                }
                if (finished == jobs || System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(100);
            }
            double minutes = (System.nanoTime() - start) / 60e9;
            int done = 0;
            int once = 0;
            for (JsonNode j : list) {
                if (!ids.contains(j.path("id").asLong())) {
                    continue;
                }
                done += j.path("state").asText().equals("done") ? 1 : 0;
                once += j.path("claims").asInt() == 1 ? 1 : 0;
            }
            JsonNode all = api.get("/api/stats").json().path("latency").path("all");
            out.printf(Locale.ROOT, "bench server: %d sim jobs (%s) across %d workers, journal %s%n", jobs, scenario,
                    workers, db == null ? "SQLite" : db.replaceAll("//[^@/]*@", "//"));
            out.printf(Locale.ROOT, "jobs done: %d/%d, claimed exactly once: %d/%d%n", done, jobs, once, jobs);
            out.printf(Locale.ROOT, "throughput: %.1f jobs/min (%.1fs wall)%n", jobs / minutes, minutes * 60);
            out.printf(Locale.ROOT, "API latency (server side, %d calls): p50 %.2f ms, p99 %.2f ms%n",
                    all.path("count").asInt(), all.path("p50ms").asDouble(), all.path("p99ms").asDouble());
            out.printf(Locale.ROOT, "API latency (client side): submit p50 %.2f ms p99 %.2f ms, "
                            + "list p50 %.2f ms p99 %.2f ms%n", pct(submitNanos, 0.5), pct(submitNanos, 0.99),
                    pct(pollNanos, 0.5), pct(pollNanos, 0.99));
            out.flush();
            return done == jobs && once == jobs ? Main.EXIT_FOUND : Main.EXIT_NOT_FOUND;
        }
    }

    private static double pct(List<Long> nanos, double q) {
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        int rank = (int) Math.ceil(q * s.size());
        return s.get(Math.max(0, Math.min(s.size() - 1, rank - 1))) / 1e6;
    }
}
