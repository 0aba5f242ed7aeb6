package dev.culprit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.culprit.testing.EventedCHistory;
import dev.culprit.testing.TestRepo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the server tests share: a small C history with a flaky bug, job specs, PostgreSQL schemas, waiting. */
final class ServerFixtures {
    static final String PG_ENV = "CULPRIT_TEST_PG";
    /** Build and test append an event ("B commit", "R commit run") before their work: the test sees every one. */
    static final String BUILD = EventedCHistory.BUILD;
    static final String TEST = EventedCHistory.TEST;
    static final ObjectMapper MAPPER = new ObjectMapper();

    private ServerFixtures() {
    }

    static TestRepo.Imported history(Path dir, int commits, int bugAt, int percent, String bugMessage) {
        return EventedCHistory.create(dir, commits, bugAt, percent, bugMessage);
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
        return EventedCHistory.events(file);
    }
}
