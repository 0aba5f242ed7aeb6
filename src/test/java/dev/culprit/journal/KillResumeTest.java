package dev.culprit.journal;

import dev.culprit.store.RunRecord;
import dev.culprit.store.SqliteStore;
import dev.culprit.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a journaled bisection (its own JVM) with SIGKILL at 20 points spread over its life (during builds,
 * during runs, between steps, at the end) and restarts it each time: the final result equals an uninterrupted
 * run's, no build or run the journal held was done again, and the database passes its integrity check.
 */
class KillResumeTest {
    @TempDir
    Path tmp;

    /** The build and test log an event line first, so the test sees where the bisection is. */
    static final String BUILD = "echo \"B $CULPRIT_COMMIT\" >> \"$EVENTS\"; " + JournalFixture.BUILD;
    static final String TEST = "echo \"R $CULPRIT_COMMIT $CULPRIT_RUN\" >> \"$EVENTS\"; sleep 0.02; "
            + JournalFixture.TEST;
    static final int RUNS = 6;

    @Test
    void twentyKillsLoseNothingAndRepeatNothing() throws Exception {
        JournalFixture f = new JournalFixture(tmp, 14, 6, 70);
        String good = f.repo.hash("c0");

        Path refWork = tmp.resolve("ref");
        Path refEvents = tmp.resolve("ref-events");
        Path refResult = tmp.resolve("ref-result");
        assertThat(launch(f, good, refWork, refEvents, refResult).waitFor()).isZero();
        String expected = Files.readString(refResult);
        int total = lines(refEvents).size();
        assertThat(total).isGreaterThan(20);

        Path work = tmp.resolve("work");
        Path events = tmp.resolve("events");
        Path result = tmp.resolve("result");
        Files.createFile(events);
        for (int k = 1; k <= 20; k++) {
            Set<String> journaled = journaledEvents(work);
            int before = lines(events).size();
            Process p = launch(f, good, work, events, result);
            // Kill when the bisection reaches the k-th twentieth of its events (counting what earlier attempts
            // already did), sometimes at once (inside the build or run just started), sometimes a little later.
            int target = before + Math.max(1, (total * k / 21) - before);
            while (p.isAlive() && lines(events).size() < target) {
                Thread.sleep(5);
            }
            if (k % 3 == 1) {
                Thread.sleep(40);
            }
            killTree(p);
            List<String> attempt = lines(events).subList(before, lines(events).size());
            for (String e : attempt) {
                assertThat(journaled).as("attempt %d repeated a journaled step", k).doesNotContain(e);
            }
        }
        Set<String> journaled = journaledEvents(work);
        int before = lines(events).size();
        Files.deleteIfExists(result);
        assertThat(launch(f, good, work, events, result).waitFor()).isZero();
        for (String e : lines(events).subList(before, lines(events).size())) {
            assertThat(journaled).doesNotContain(e);
        }
        assertThat(Files.readString(result)).isEqualTo(expected);
        try (SqliteStore store = SqliteStore.open(work.resolve("culprit.db"))) {
            assertThat(store.integrityCheck()).containsExactly("ok");
            assertThat(store.bisections()).hasSize(1);
        }
    }

    /** "B commit" for every journaled build, "R commit index" for every journaled run. */
    private static Set<String> journaledEvents(Path work) {
        Set<String> out = new HashSet<>();
        if (!Files.exists(work.resolve("culprit.db"))) {
            return out;
        }
        try (Store store = SqliteStore.open(work.resolve("culprit.db"))) {
            store.bisections().forEach(b -> {
                store.builds(b.id()).forEach(r -> out.add("B " + r.commit()));
                for (RunRecord r : store.runs(b.id())) {
                    out.add("R " + r.commit() + " " + r.index());
                }
            });
        }
        return out;
    }

    private Process launch(JournalFixture f, String good, Path work, Path events, Path result) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KillDriver.class.getName(), f.repo.dir().toString(),
                good, work.toString(), BUILD, TEST, Integer.toString(RUNS), result.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("driver.out").toFile());
        pb.environment().put("EVENTS", events.toString());
        if (!Files.exists(events)) {
            Files.createFile(events);
        }
        return pb.start();
    }

    /** SIGKILL to the JVM and everything it started: the machine died. */
    private static void killTree(Process p) throws InterruptedException {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        p.waitFor();
        for (ProcessHandle c : children) {
            c.onExit().join();
        }
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
    }
}
