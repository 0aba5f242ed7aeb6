package dev.culprit.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.culprit.cli.Main;
import dev.culprit.store.BisectionRecord;
import dev.culprit.store.RunRecord;
import dev.culprit.store.Store;
import dev.culprit.testing.TestRepo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server and two workers as separate processes on loopback, the journal in a real PostgreSQL when
 * {@code CULPRIT_TEST_PG} is set (else SQLite): worker A is SIGKILLed mid-bisection, its lease runs out, worker
 * B takes the job over and finishes it from the journal. No build or run the journal held when A died is done
 * again, and the result equals an uninterrupted {@code culprit bisect}'s.
 *
 * <p>Either the workers share a work directory (two workers on one machine: B finds A's binaries in the local
 * artifact cache), or each has its own, as on two machines: B fetches the binaries of A's journaled builds from
 * the server, where A put them after building.
 */
class WorkerFailoverTest {
    @TempDir
    Path tmp;

    private final List<String> schemas = new ArrayList<>();

    @AfterEach
    void dropSchemas() {
        ServerFixtures.dropSchemas(schemas);
    }

    /** Where the workers work, and how many runs A starts before it is killed. */
    enum Setup {
        /** One machine: B finds A's binaries in the shared artifact cache. */
        SHARED_WORK_DIRECTORY_KILLED_AFTER_10_RUNS(true, 10),
        /** Two machines, A killed at its first run: the first build is journaled, its runs are not done. */
        OWN_WORK_DIRECTORIES_KILLED_AT_THE_FIRST_RUN(false, 1),
        /** Two machines, A killed further on. */
        OWN_WORK_DIRECTORIES_KILLED_AFTER_10_RUNS(false, 10);

        final boolean shared;
        final int runsBeforeKill;

        Setup(boolean shared, int runsBeforeKill) {
            this.shared = shared;
            this.runsBeforeKill = runsBeforeKill;
        }
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void aKilledWorkersJobIsFinishedByAnotherWithoutRepeatingAStep(Setup setup) throws Exception {
        TestRepo.Imported repo = ServerFixtures.history(tmp.resolve("repo"), 10, 6, 70,
                "records: release the buffer early");
        Path events = tmp.resolve("events");
        Files.createFile(events);

        // The uninterrupted run, its own process and journal: the expected result. Its events go to a file of
        // their own: the fleet's events file counts the fleet's work only.
        Path refJson = tmp.resolve("ref.json");
        Path refEvents = tmp.resolve("ref-events");
        Path refOut = tmp.resolve("ref.out");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(ServerFixtures.bisectArgs(repo, tmp.resolve("ref"), refJson));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(refOut.toFile());
        pb.environment().put("CULPRIT_EVENTS", refEvents.toString());
        assertThat(pb.start().waitFor()).as(Files.readString(refOut)).isZero();
        JsonNode expected = ServerFixtures.facts(Files.readString(refJson));

        String db = ServerFixtures.freshPostgres(schemas);
        try (LocalFleet fleet = new LocalFleet(tmp.resolve("fleet"))) {
            List<String> serverOptions = new ArrayList<>(List.of("--slots", "0", "--lease", "2s"));
            if (db != null) {
                serverOptions.addAll(List.of("--db", db));
            }
            fleet.startServer(serverOptions);
            ApiClient api = fleet.client();
            Map<String, String> env = Map.of("CULPRIT_EVENTS", events.toString());
            String workA = tmp.resolve(setup.shared ? "worker-work" : "worker-a").toString();
            String workB = tmp.resolve(setup.shared ? "worker-work" : "worker-b").toString();
            LocalFleet.Member a = fleet.startWorker(0, List.of("--poll", "100ms", "--work", workA), env);
            long id = api.post("/api/jobs", ServerFixtures.bisectSpec(repo)).json().path("id").asLong();

            // Mid-job: some runs done and journaled, more to come.
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (ServerFixtures.lines(events).stream().filter(e -> e.startsWith("R ")).count()
                    < setup.runsBeforeKill) {
                assertThat(a.process().isAlive()).as("worker A died early: %s", Files.readString(a.out())).isTrue();
                assertThat(System.nanoTime()).as("worker A made no progress").isLessThan(deadline);
                Thread.sleep(20);
            }
            LocalFleet.kill(a);
            JsonNode mid = api.get("/api/jobs/" + id).json();
            assertThat(mid.path("state").asText()).isEqualTo("running");
            Set<String> journaled = journaled(fleet, mid.path("bisectionId").asLong());
            assertThat(journaled).as("A journaled some steps before it died").isNotEmpty();

            int before = ServerFixtures.lines(events).size();
            LocalFleet.Member b = fleet.startWorker(1, List.of("--poll", "100ms", "--work", workB), env);
            JsonNode done = ServerFixtures.awaitFinished(api, id, Duration.ofMinutes(3));
            assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("done");
            assertThat(done.path("claims").asInt()).as("A's claim, then B's").isEqualTo(2);
            assertThat(done.path("worker").asText()).isEqualTo("worker-1");

            List<String> after = ServerFixtures.lines(events).subList(before, ServerFixtures.lines(events).size());
            for (String e : after) {
                assertThat(journaled).as("worker B repeated a journaled step").doesNotContain(e);
            }
            // Every real build and run happened once, except those A's death cut short.
            List<String> all = ServerFixtures.lines(events);
            assertThat(new HashSet<>(all)).hasSameSizeAs(new HashSet<>(ServerFixtures.lines(refEvents)));

            assertThat(ServerFixtures.facts(api.get("/api/jobs/" + id + "/result").body())).isEqualTo(expected);
            String log = api.get("/api/jobs/" + id + "/log").body();
            assertThat(log).containsPattern("resuming bisection \\d+: \\d+ builds and \\d+ runs reused");
            if (!setup.shared) {
                // The binaries went through the server: A offered them, B fetched what it ran, nothing failed.
                assertThat(Files.readString(a.out()) + Files.readString(b.out())).doesNotContain("builds again");
                try (var bundles = Files.list(fleet.tokenFile().getParent().resolve("server").resolve("artifacts"))) {
                    assertThat(bundles.filter(p -> p.toString().endsWith(".zip")).count()).isPositive();
                }
            }
            long buildsBefore = journaled.stream().filter(e -> e.startsWith("B ")).count();
            long buildsAfter = after.stream().filter(e -> e.startsWith("B ")).count();
            System.out.printf("WorkerFailoverTest (%s, %s): A journaled %d steps (%d builds) before SIGKILL, B did %d"
                            + " more (%d builds)%n", db == null ? "SQLite" : "PostgreSQL", setup, journaled.size(),
                    buildsBefore, after.size(), buildsAfter);
        }
    }

    /** "B commit" for every journaled build, "R commit run" for every journaled run, read through the server. */
    private static Set<String> journaled(LocalFleet fleet, long bisectionId) {
        Set<String> out = new HashSet<>();
        String url = fleet.server() + "/?token-file=" + fleet.tokenFile();
        try (Store store = HttpStore.open(url, fleet.tokenFile().getParent().resolve("reader"))) {
            BisectionRecord b = store.bisection(bisectionId).orElseThrow();
            store.builds(b.id()).forEach(r -> out.add("B " + r.commit()));
            for (RunRecord r : store.runs(b.id())) {
                out.add("R " + r.commit() + " " + r.index());
            }
        }
        return out;
    }
}
