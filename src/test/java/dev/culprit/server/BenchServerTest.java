package dev.culprit.server;

import dev.culprit.cli.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load test: {@code culprit bench server} queues 50 sim jobs across 4 worker processes (journal in PostgreSQL
 * when {@code CULPRIT_TEST_PG} is set): every job done, each claimed exactly once; the figures are printed.
 */
class BenchServerTest {
    @TempDir
    Path tmp;

    private final List<String> schemas = new ArrayList<>();

    @AfterEach
    void dropSchemas() {
        ServerFixtures.dropSchemas(schemas);
    }

    @Test
    void fiftyJobsAcrossFourWorkersEachRunExactlyOnce() {
        List<String> args = new ArrayList<>(List.of("bench", "server", "--jobs", "50", "--workers", "4", "--dir",
                tmp.toString()));
        String db = ServerFixtures.freshPostgres(schemas);
        if (db != null) {
            args.addAll(List.of("--db", db));
        }
        StringWriter out = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        int exit = cl.execute(args.toArray(String[]::new));
        System.out.print(out);
        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("jobs done: 50/50, claimed exactly once: 50/50")
                .containsPattern("throughput: [\\d.]+ jobs/min").containsPattern("p50 [\\d.]+ ms, p99 [\\d.]+ ms");
    }
}
