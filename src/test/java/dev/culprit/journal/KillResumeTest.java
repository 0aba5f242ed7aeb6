package dev.culprit.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.culprit.cli.Main;
import dev.culprit.store.BisectionRecord;
import dev.culprit.store.BisectionState;
import dev.culprit.store.RunRecord;
import dev.culprit.store.SqliteStore;
import dev.culprit.store.Store;
import dev.culprit.testing.EventedCHistory;
import dev.culprit.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills the real {@code culprit bisect} (a JVM of its own, with its builds and runs) with SIGKILL at 20 points
 * spread over its life (during builds, during runs, between steps, while the result is written) and restarts it
 * each time with the same command: the final JSON equals an uninterrupted run's, no build or run the journal
 * held was done again, and the database passes its integrity check after every kill.
 *
 * <p>The kill points come from the uninterrupted run's log: a resumed bisection replays its journal and prints
 * the same log, so "the attempt has printed line i" is the same point of the bisection in every attempt. The build
 * and test commands append an event ("B commit", "R commit run") to a file before they do their work, so the test
 * sees builds and runs start, and counts every real one.
 */
class KillResumeTest {
    @TempDir
    Path tmp;

    static final String BUILD = EventedCHistory.BUILD;
    static final String TEST = EventedCHistory.TEST;
    static final int KILLS = 20;
    static final Duration ATTEMPT_LIMIT = Duration.ofSeconds(60);

    /** What the test waits for once the attempt has printed the point's log line, before it kills. */
    enum Wait {
        /** Nothing: between steps, or while the result is written. */
        NOW,
        /** The next build to start: the kill lands in a build. */
        BUILD,
        /** The next run to start: the kill lands in a run. */
        RUN
    }

    record Point(int line, Wait until, int delayMs, String why) {
    }

    @Test
    void twentyKillsOfTheRealCommandLoseNothingAndRepeatNothing() throws Exception {
        TestRepo.Imported repo = history(tmp.resolve("repo"), 10, 6, 70);
        Path events = tmp.resolve("events");
        Files.createFile(events);

        // The uninterrupted run: the expected result, and the log the kill points are taken from.
        Path refWork = tmp.resolve("ref");
        Attempt ref = launch(repo, refWork, events, tmp.resolve("ref.out"));
        assertThat(ref.process.waitFor()).as(read(ref.out)).isZero();
        List<String> refLog = lines(ref.out);
        int refEvents = lines(events).size();
        long refBuildLogs = count(refWork.resolve("logs/build"));
        JsonNode expected = facts(refWork.resolve("result.json"));
        List<Point> points = killPoints(refLog);
        assertThat(points).hasSize(KILLS);

        Path work = tmp.resolve("work");
        Files.writeString(events, "");
        long start = System.nanoTime();
        List<String> report = new ArrayList<>();
        for (int k = 0; k < KILLS; k++) {
            Point point = points.get(k);
            Set<String> journaled = journaledEvents(work);
            int before = lines(events).size();
            Attempt a = launch(repo, work, events, tmp.resolve("attempt-" + k + ".out"));
            String where = waitFor(a, point, events, before);
            killTree(a);
            List<String> done = lines(events).subList(before, lines(events).size());
            report.add(k + ": " + point.why() + " -> " + where + ", " + done.size() + " new events");
            for (String e : done) {
                assertThat(journaled).as("attempt %d (%s) repeated a journaled step %s; %s", k, point.why(), e,
                        report).doesNotContain(e);
            }
            assertThat(integrity(work)).as("after kill %d", k).containsExactly("ok");
            if (k == 0) {
                // `culprit list` does not show the killed bisection as running: its process is gone.
                assertThat(culprit("list", "--work", work.toString())).containsPattern("\\d+\\s+interrupted\\s");
            }
        }

        Set<String> journaled = journaledEvents(work);
        int before = lines(events).size();
        Attempt last = launch(repo, work, events, tmp.resolve("last.out"));
        assertThat(last.process.waitFor()).as(read(last.out)).isZero();
        assertThat(read(last.out)).containsPattern("resuming bisection \\d+: \\d+ builds and \\d+ runs reused");
        for (String e : lines(events).subList(before, lines(events).size())) {
            assertThat(journaled).as("the last attempt repeated %s", e).doesNotContain(e);
        }
        assertThat(facts(work.resolve("result.json"))).as(String.join("\n", report)).isEqualTo(expected);
        // Every real build and run was done once: as many as the uninterrupted run did, plus the ones a kill
        // interrupted (done again, since they never finished).
        List<String> all = lines(events);
        assertThat(new HashSet<>(all)).hasSize(refEvents);
        assertThat(count(work.resolve("logs/build"))).isEqualTo(refBuildLogs);
        assertThat(integrity(work)).containsExactly("ok");
        try (SqliteStore store = SqliteStore.open(work.resolve("culprit.db"))) {
            List<BisectionRecord> bisections = store.bisections();
            assertThat(bisections).hasSize(1);
            assertThat(bisections.get(0).state()).isEqualTo(BisectionState.DONE);
        }
        assertThat(culprit("list", "--work", work.toString())).containsPattern("\\d+\\s+done\\s+found\\s");
        System.out.printf("KillResumeTest: %d kills, %d events (uninterrupted: %d), %.1fs%n  %s%n", KILLS,
                all.size(), refEvents, (System.nanoTime() - start) / 1e9, String.join("\n  ", report));
    }

    /**
     * Twenty points from the uninterrupted run's log, in order: builds starting, runs starting, decisions made,
     * and the end (the verdict printed, the result being journaled and written).
     */
    static List<Point> killPoints(List<String> log) {
        List<Point> builds = new ArrayList<>();
        List<Point> runs = new ArrayList<>();
        List<Point> between = new ArrayList<>();
        int culpritLine = -1;
        int verdictLine = -1;
        for (int i = 1; i < log.size(); i++) {
            String l = log.get(i);
            if (l.startsWith("testing commit ") || l.startsWith("testing the revert")) {
                builds.add(new Point(i, Wait.BUILD, 0, "during the build after '" + abbrev(l) + "'"));
            } else if (l.startsWith("build signature:") || l.startsWith("checking that")) {
                runs.add(new Point(i, Wait.RUN, 0, "during a run after '" + abbrev(l) + "'"));
            } else if (l.startsWith("# git bisect ") || l.startsWith("posterior:") || l.startsWith("verifying ")) {
                between.add(new Point(i, Wait.NOW, 0, "between steps at '" + abbrev(l) + "'"));
            } else if (l.endsWith(" is the first bad commit") && culpritLine < 0) {
                culpritLine = i;
            } else if (l.startsWith("verdict: ")) {
                verdictLine = i;
            }
        }
        assertThat(culpritLine).as("the log names a culprit: %s", log).isPositive();
        assertThat(verdictLine).as("the log has a verdict").isGreaterThan(culpritLine);
        List<Point> points = new ArrayList<>();
        points.addAll(spread(builds, 6));
        points.addAll(spread(runs, 6));
        points.addAll(spread(between, 4));
        points.add(new Point(culpritLine, Wait.NOW, 0, "culprit named"));
        points.add(new Point(verdictLine, Wait.NOW, 0, "verdict printed"));
        points.add(new Point(verdictLine, Wait.NOW, 5, "result being written"));
        points.add(new Point(verdictLine, Wait.NOW, 25, "result being written, later"));
        points.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line())
                : Integer.compare(a.delayMs(), b.delayMs()));
        return points;
    }

    private static <T> List<T> spread(List<T> from, int n) {
        assertThat(from).as("kill point candidates").isNotEmpty();
        List<T> out = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            out.add(from.get(j * from.size() / n));
        }
        return out;
    }

    private static String abbrev(String line) {
        return line.length() > 40 ? line.substring(0, 40) + "..." : line;
    }

    /** Waits until the attempt reaches the point; returns what it saw. */
    private String waitFor(Attempt a, Point p, Path events, int eventsBefore) throws Exception {
        long deadline = System.nanoTime() + ATTEMPT_LIMIT.toNanos();
        Predicate<String> kind = p.until() == Wait.BUILD ? e -> e.startsWith("B ") : e -> e.startsWith("R ");
        int seenEvents = -1;
        while (true) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("attempt stuck before " + p + ":\n" + read(a.out));
            }
            if (!a.process.isAlive()) {
                return "exited with " + a.process.exitValue();
            }
            if (seenEvents < 0) {
                if (lines(a.out).size() > p.line()) {
                    if (p.until() == Wait.NOW) {
                        break;
                    }
                    seenEvents = lines(events).size();
                }
            } else {
                List<String> ev = lines(events);
                if (ev.subList(Math.max(seenEvents, eventsBefore), ev.size()).stream().anyMatch(kind)) {
                    break;
                }
            }
            Thread.sleep(1);
        }
        if (p.delayMs() > 0) {
            Thread.sleep(p.delayMs());
        }
        return "killed";
    }

    // ---- the command

    record Attempt(Process process, Path out, String tag) {
    }

    /** {@code java -cp <this classpath> dev.culprit.cli.Main bisect ...}, the same command every time. */
    private Attempt launch(TestRepo.Imported repo, Path work, Path events, Path out) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "bisect", "--repo", repo.dir().toString(), "--bad", "main",
                "--good", repo.hash("c0"), "--build", BUILD, "--artifact", "prog", "--test", TEST,
                "--runs", "4", "--jobs", "2", "--work", work.toString(),
                "--json", work.resolve("result.json").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("CULPRIT_EVENTS", events.toString());
        // Every process of the attempt inherits the tag: the kill finds them even when their parent died first.
        String tag = UUID.randomUUID().toString();
        pb.environment().put("CULPRIT_KILL_TAG", tag);
        return new Attempt(pb.start(), out, tag);
    }

    /** SIGKILL to the JVM and everything it started (builds, runs): the machine died. */
    private static void killTree(Attempt a) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(a.process.descendants().toList());
        a.process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        a.process.waitFor();
        // A build or run that forked after the snapshot was orphaned: find it by the tag its environment holds.
        for (int quiet = 0; quiet < 2; ) {
            List<ProcessHandle> tagged = tagged(a.tag());
            tagged.forEach(ProcessHandle::destroyForcibly);
            tree.addAll(tagged);
            quiet = tagged.isEmpty() ? quiet + 1 : 0;
        }
        for (ProcessHandle h : tree) {
            // An orphan that died may stay a zombie for a while (nobody reaps it): dead all the same.
            long until = System.nanoTime() + 5_000_000_000L;
            while (h.isAlive() && !zombie(h.pid()) && System.nanoTime() < until) {
                Thread.sleep(2);
            }
        }
    }

    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return true; // gone
        }
    }

    private static List<ProcessHandle> tagged(String tag) {
        byte[] needle = ("CULPRIT_KILL_TAG=" + tag).getBytes(StandardCharsets.UTF_8);
        List<ProcessHandle> out = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) {
                    continue;
                }
                try {
                    byte[] env = Files.readAllBytes(p.resolve("environ"));
                    if (indexOf(env, needle) >= 0) {
                        ProcessHandle.of(Long.parseLong(name)).filter(ProcessHandle::isAlive).ifPresent(out::add);
                    }
                } catch (IOException | SecurityException e) {
                    // gone, or not ours
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc", e);
        }
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** {@code culprit ARGS} in this JVM; its output. */
    private static String culprit(String... args) {
        StringWriter out = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        cl.execute(args);
        return out.toString();
    }

    // ---- the journal

    /** "B commit" for every journaled build, "R commit run" for every journaled run. */
    private static Set<String> journaledEvents(Path work) {
        Set<String> out = new HashSet<>();
        if (!Files.exists(work.resolve("culprit.db"))) {
            return out;
        }
        try (Store store = SqliteStore.open(work.resolve("culprit.db"))) {
            for (BisectionRecord b : store.bisections()) {
                store.builds(b.id()).forEach(r -> out.add("B " + r.commit()));
                for (RunRecord r : store.runs(b.id())) {
                    out.add("R " + r.commit() + " " + r.index());
                }
            }
        }
        return out;
    }

    private static List<String> integrity(Path work) {
        if (!Files.exists(work.resolve("culprit.db"))) {
            return List.of("ok");
        }
        try (SqliteStore store = SqliteStore.open(work.resolve("culprit.db"))) {
            return store.integrityCheck();
        }
    }

    /** The result JSON without what depends on time. */
    private static JsonNode facts(Path json) throws IOException {
        assertThat(json).exists();
        JsonNode n = new ObjectMapper().readTree(json.toFile());
        ((ObjectNode) n).remove("time");
        for (JsonNode step : n.get("steps")) {
            ((ObjectNode) step).remove(List.of("buildSeconds", "testSeconds"));
        }
        return n;
    }

    // ---- the repository

    static TestRepo.Imported history(Path dir, int commits, int bugAt, int percent) {
        return EventedCHistory.create(dir, commits, bugAt, percent, "records: release the buffer early");
    }

    // ---- files

    private static List<String> lines(Path file) throws IOException {
        return EventedCHistory.events(file);
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static long count(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
