package dev.culprit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.culprit.testing.TestRepo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the server tests share: a small C history with a flaky bug, job specs, PostgreSQL schemas, waiting. */
final class ServerFixtures {
    static final String PG_ENV = "CULPRIT_TEST_PG";
    /** Build and test append an event ("B commit", "R commit run") before their work: the test sees every one. */
    static final String BUILD = "echo \"B $CULPRIT_COMMIT\" >> \"$CULPRIT_EVENTS\"; "
            + "cc -g -O1 -fsanitize=address -fno-omit-frame-pointer -o prog *.c";
    static final String TEST = "echo \"R $CULPRIT_COMMIT $CULPRIT_RUN\" >> \"$CULPRIT_EVENTS\"; ./prog";
    static final ObjectMapper MAPPER = new ObjectMapper();

    private ServerFixtures() {
    }

    /**
     * A linear history c0..c{commits} of a small C program; c{bugAt} (with {@code bugMessage}) adds a
     * heap-use-after-free that fires in {@code percent}% of runs, chosen by a hash of CULPRIT_COMMIT and
     * CULPRIT_RUN (the same in every test run).
     */
    static TestRepo.Imported history(Path dir, int commits, int bugAt, int percent, String bugMessage) {
        TestRepo.History h = new TestRepo.History();
        for (int i = 0; i <= commits; i++) {
            Map<String, String> files = new LinkedHashMap<>();
            files.put("main.c", """
                    #include <stdio.h>
                    #include <stdlib.h>
                    int parse_record(unsigned roll);
                    int version(void);
                    static unsigned fnv(const char *s) {
                        unsigned h = 2166136261u;
                        while (s && *s) { h ^= (unsigned char)*s++; h *= 16777619u; }
                        return h;
                    }
                    int main(void) {
                        char key[256];
                        snprintf(key, sizeof key, "%s/%s", getenv("CULPRIT_COMMIT"), getenv("CULPRIT_RUN"));
                        printf("version %d value %d\\n", version(), parse_record(fnv(key) % 100));
                        return 0;
                    }
                    """);
            files.put("records.c", """
                    #include <stdlib.h>
                    #include <string.h>
                    int parse_record(unsigned roll) {
                        char *buf = malloc(16);
                        strcpy(buf, "record-0042");
                    """ + (i >= bugAt ? """
                        if (roll < %d) {
                            free(buf);
                            return buf[1];
                        }
                    """.formatted(percent) : "") + """
                        int value = buf[7] - '0';
                        free(buf);
                        return value;
                    }
                    """);
            int v = i >= bugAt ? i - 1 : i;
            files.put("version.c", "int version(void) { return " + v + "; }\n");
            h.commit("c" + i, i == 0 ? List.of() : List.of("c" + (i - 1)), i == bugAt ? bugMessage : "version " + v,
                    files);
        }
        h.branch("main", "c" + commits);
        return TestRepo.create(dir, h);
    }

    /** The job spec of a bisection of that history (the same options the reference command line gets). */
    static ObjectNode bisectSpec(TestRepo.Imported repo) {
        ObjectNode s = MAPPER.createObjectNode();
        s.put("repo", repo.dir().toString());
        s.put("bad", "main");
        s.putArray("good").add(repo.hash("c0"));
        s.put("build", BUILD);
        s.putArray("artifact").add("prog");
        s.put("test", TEST);
        s.put("runs", 4);
        s.put("jobs", 2);
        return s;
    }

    /** The same bisection as {@code culprit bisect} arguments. */
    static List<String> bisectArgs(TestRepo.Imported repo, Path work, Path json) {
        return List.of("bisect", "--repo", repo.dir().toString(), "--bad", "main", "--good", repo.hash("c0"),
                "--build", BUILD, "--artifact", "prog", "--test", TEST, "--runs", "4", "--jobs", "2",
                "--work", work.toString(), "--json", json.toString());
    }

    /** The result JSON without what depends on time. */
    static JsonNode facts(String json) throws IOException {
        JsonNode n = MAPPER.readTree(json);
        ((ObjectNode) n).remove("time");
        for (JsonNode step : n.get("steps")) {
            ((ObjectNode) step).remove(List.of("buildSeconds", "testSeconds"));
        }
        return n;
    }

    /**
     * The PostgreSQL server of {@code CULPRIT_TEST_PG} with a fresh schema, as a {@code --db} URL; null when the
     * variable is unset. Set but unusable: the test fails (it must not pass by skipping what it was asked to do).
     */
    static String freshPostgres(List<String> created) {
        String server = System.getenv(PG_ENV);
        if (server == null || server.isBlank()) {
            return null;
        }
        String schema = "srv_" + UUID.randomUUID().toString().replace("-", "");
        Target t = parsePg(server);
        try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.properties());
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema); // a generated identifier: nothing to bind
        } catch (SQLException e) {
            throw new AssertionError(PG_ENV + " is set but the server cannot be used: " + e.getMessage(), e);
        }
        created.add(schema);
        return server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    static void dropSchemas(List<String> schemas) {
        String server = System.getenv(PG_ENV);
        if (server == null || schemas.isEmpty()) {
            return;
        }
        Target t = parsePg(server);
        try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.properties());
             Statement s = c.createStatement()) {
            for (String schema : schemas) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot drop test schemas: " + e.getMessage(), e);
        }
    }

    /** postgresql://user:password@host:port/db as a JDBC URL and credentials (the store's parser is its own). */
    private static Target parsePg(String url) {
        java.net.URI u = java.net.URI.create(url);
        java.util.Properties p = new java.util.Properties();
        if (u.getRawUserInfo() != null) {
            String[] up = u.getRawUserInfo().split(":", 2);
            p.setProperty("user", java.net.URLDecoder.decode(up[0], StandardCharsets.UTF_8));
            if (up.length > 1) {
                p.setProperty("password", java.net.URLDecoder.decode(up[1], StandardCharsets.UTF_8));
            }
        }
        return new Target("jdbc:postgresql://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "")
                + u.getRawPath(), p);
    }

    private record Target(String jdbcUrl, java.util.Properties properties) {
    }

    /** Polls the job until it is no longer queued or running (or the limit passes: a failure). */
    static JsonNode awaitFinished(ApiClient api, long id, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            JsonNode j = api.get("/api/jobs/" + id).json();
            String state = j.path("state").asText();
            if (!state.equals("queued") && !state.equals("running")) {
                return j;
            }
            assertThat(System.nanoTime()).as("job %d still %s after %s", id, state, limit).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    static List<String> lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>(text.lines().filter(l -> !l.isBlank()).toList());
        if (!text.endsWith("\n") && !out.isEmpty()) {
            out.remove(out.size() - 1); // a line being written
        }
        return out;
    }
}
