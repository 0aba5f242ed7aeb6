package dev.culprit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.culprit.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cancelling a running job through the API, against a real server and worker process: the worker learns it at
 * its next heartbeat and stops the job then, its test processes killed (not left to run their course), and it
 * takes the next job.
 */
class JobCancelTest {
    @TempDir
    Path tmp;

    @Test
    void cancellingARunningJobStopsItsProcessesAndFreesTheWorker() throws Exception {
        TestRepo.Imported repo = ServerFixtures.history(tmp.resolve("repo"), 4, 2, 100, "records: early free");
        Path pids = tmp.resolve("pids");
        Files.createFile(pids);
        ObjectNode spec = ServerFixtures.bisectSpec(repo);
        // Each run says which process it is, then sleeps far longer than the test waits.
        spec.put("test", "echo $$ >> '" + pids + "'; exec sleep 3600");
        spec.put("run-timeout", "2h");
        try (LocalFleet fleet = new LocalFleet(tmp.resolve("fleet"))) {
            fleet.startServer(List.of("--slots", "0", "--lease", "2s"));
            ApiClient api = fleet.client();
            LocalFleet.Member w = fleet.startWorker(0, List.of("--poll", "100ms"),
                    Map.of("CULPRIT_EVENTS", tmp.resolve("events").toString()));
            long id = api.post("/api/jobs", spec).json().path("id").asLong();

            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (ServerFixtures.lines(pids).size() < 2) {
                assertThat(w.process().isAlive()).as("the worker died: %s", Files.readString(w.out())).isTrue();
                assertThat(System.nanoTime()).as("no run started").isLessThan(deadline);
                Thread.sleep(20);
            }
            JsonNode cancelled = api.post("/api/jobs/" + id + "/cancel", ServerFixtures.MAPPER.createObjectNode())
                    .json();
            assertThat(cancelled.path("state").asText()).isEqualTo("cancelled");

            // The runs' processes go at the worker's next heartbeat, not after their hour.
            List<Long> started = ServerFixtures.lines(pids).stream().map(Long::parseLong).toList();
            deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (started.stream().anyMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false))) {
                assertThat(System.nanoTime()).as("the cancelled job's runs %s still run", started)
                        .isLessThan(deadline);
                Thread.sleep(50);
            }
            // The worker is free: it takes and finishes the next job.
            long next = api.post("/api/jobs", LocalFleetJson.sim("p-0.5", 3)).json().path("id").asLong();
            JsonNode done = ServerFixtures.awaitFinished(api, next, Duration.ofMinutes(2));
            assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("done");
            assertThat(done.path("worker").asText()).isEqualTo("worker-0");
            assertThat(api.get("/api/jobs/" + id).json().path("state").asText()).isEqualTo("cancelled");
            assertThat(Files.readString(w.out())).contains("job " + id + ": lease lost");
            assertThat(ServerFixtures.lines(pids)).as("no run started after the cancel").hasSize(started.size());
        }
    }
}
