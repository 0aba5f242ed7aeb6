package dev.culprit.cli;

import dev.culprit.journal.AttemptOwners;
import dev.culprit.store.AttemptOwner;
import dev.culprit.store.BisectionRecord;
import dev.culprit.store.BisectionState;
import dev.culprit.store.SqliteStore;
import dev.culprit.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** culprit list / show / log over a real SQLite journal. */
class StoreCommandsTest {
    @TempDir
    Path tmp;

    record Out(int exit, String out, String err) {
    }

    private Out run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Out(exit, out.toString(), err.toString());
    }

    private long[] journal(Path work) {
        try (Store s = SqliteStore.open(work.resolve("culprit.db"))) {
            BisectionRecord done = s.createBisection("h1", "{}", "cause from abc in /src/x");
            int a = s.beginAttempt(done.id());
            s.appendLog(done.id(), a, 0, "bisecting cause commit starting from abc");
            s.appendLog(done.id(), a, 1, "abc is the first bad commit");
            s.setResult(done.id(), BisectionState.DONE, """
                    {"verdict":"found","culprits":[{"hash":"abc","title":"add bug","probability":0.97}],
                     "confidence":0.97,"flags":["noop-change"],"targetTitle":"KASAN: x","reason":""}""");
            BisectionRecord running = s.createBisection("h2", "{}", "fix since def");
            return new long[] {done.id(), running.id()};
        }
    }

    @Test
    void listShowAndLog() {
        Path work = tmp.resolve("w");
        long[] ids = journal(work);
        Out list = run("list", "--work", work.toString());
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("ID", "STATE", "VERDICT")
                .containsPattern(ids[0] + "\\s+done\\s+found\\s+.*cause from abc in /src/x")
                .containsPattern(ids[1] + "\\s+running\\s+-\\s+.*fix since def");

        Out show = run("show", Long.toString(ids[0]), "--work", work.toString());
        assertThat(show.exit()).isZero();
        assertThat(show.out()).contains("verdict: found", "culprit: abc add bug (0.970)", "confidence: 0.970",
                "crash: KASAN: x", "flags: [\"noop-change\"]");
        Out json = run("show", "--json", Long.toString(ids[0]), "--work", work.toString());
        assertThat(json.out()).startsWith("{\"verdict\":\"found\"");

        Out pending = run("show", Long.toString(ids[1]), "--work", work.toString());
        assertThat(pending.exit()).isEqualTo(Main.EXIT_NOT_FOUND);
        assertThat(pending.out()).contains("running, no result yet");

        Out log = run("log", Long.toString(ids[0]), "--work", work.toString());
        assertThat(log.exit()).isZero();
        assertThat(log.out()).isEqualTo("bisecting cause commit starting from abc\nabc is the first bad commit\n");
        assertThat(run("log", "--db", work.resolve("culprit.db").toString(), Long.toString(ids[0])).out())
                .isEqualTo(log.out());
    }

    @Test
    void aBisectionWhoseProcessIsGoneIsInterrupted() throws Exception {
        Path work = tmp.resolve("w");
        long killed;
        try (Store s = SqliteStore.open(work.resolve("culprit.db"))) {
            Process p = new ProcessBuilder("true").start();
            AttemptOwner dead = new AttemptOwner(p.pid(), AttemptOwners.self().host(),
                    p.info().startInstant().orElse(java.time.Instant.EPOCH));
            p.waitFor();
            killed = s.createBisection("h", "{}", "cause from abc").id();
            s.beginAttempt(killed, java.util.Optional.of(dead));
        }
        assertThat(run("list", "--work", work.toString()).out())
                .containsPattern(killed + "\\s+interrupted\\s+-\\s+.*cause from abc");
        Out show = run("show", Long.toString(killed), "--work", work.toString());
        assertThat(show.exit()).isEqualTo(Main.EXIT_NOT_FOUND);
        assertThat(show.out()).contains("interrupted, no result yet");
    }

    @Test
    void badInputIsOneLineAndNonZero() throws IOException {
        Path work = tmp.resolve("w");
        journal(work);
        for (String[] args : new String[][] {{"show", "999", "--work", work.toString()},
                {"log", "x1", "--work", work.toString()}, {"list", "--work", tmp.resolve("none").toString()}}) {
            Out o = run(args);
            assertThat(o.exit()).as(String.join(" ", args)).isEqualTo(Main.EXIT_USAGE);
            assertThat(o.err()).startsWith("culprit: ").hasLineCount(1);
        }
        Path junk = tmp.resolve("junk");
        Files.createDirectories(junk);
        Files.writeString(junk.resolve("culprit.db"), "not a database at all, but long enough to look like one......");
        Out o = run("list", "--work", junk.toString());
        assertThat(o.exit()).isEqualTo(Main.EXIT_INFRA);
        assertThat(o.err()).startsWith("culprit: ").hasLineCount(1);
        assertThat(Files.exists(tmp.resolve("none"))).isFalse();
    }

    @Test
    void help() {
        for (String cmd : new String[] {"list", "show", "log"}) {
            Out o = run(cmd, "--help");
            assertThat(o.exit()).isZero();
            assertThat(o.out()).contains("Usage: culprit " + cmd);
        }
    }
}
