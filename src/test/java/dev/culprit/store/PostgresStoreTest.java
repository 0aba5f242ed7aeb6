package dev.culprit.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract on a real PostgreSQL server named by {@code CULPRIT_TEST_PG}
 * ({@code postgresql://user:password@host:port/db}; {@code .ci/start-postgres.sh} starts one and prints it).
 * Unset: these tests are skipped. Set but unreachable: they fail. Every test works in a schema of its own.
 */
class PostgresStoreTest extends StoreContractTest {
    static final String ENV = "CULPRIT_TEST_PG";

    private final List<String> schemas = new ArrayList<>();
    private String url;

    /** The server URL, skipping the test when none is configured. */
    static String server() {
        String url = System.getenv(ENV);
        Assumptions.assumeTrue(url != null && !url.isBlank(),
                ENV + " is not set: run .ci/start-postgres.sh to test the PostgreSQL store");
        return url;
    }

    /** A fresh schema on the test server and the URL that makes it the store's. */
    static String freshSchema(String server, List<String> created) {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        PostgresStore.Target t = PostgresStore.parse(server);
        try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.properties());
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema); // a generated identifier: nothing to bind
        } catch (SQLException e) {
            throw new AssertionError(ENV + "=" + server + " is set but the server cannot be used: " + e.getMessage(), e);
        }
        created.add(schema);
        return server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    static void dropSchemas(String server, List<String> schemas) {
        if (server == null || schemas.isEmpty()) {
            return;
        }
        PostgresStore.Target t = PostgresStore.parse(server);
        try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.properties());
             Statement s = c.createStatement()) {
            for (String schema : schemas) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot drop test schemas: " + e.getMessage(), e);
        }
    }

    @Override
    Store openFresh(int upTo) {
        url = freshSchema(server(), schemas);
        return PostgresStore.open(url, Clock.systemUTC(), upTo);
    }

    @Override
    Store reopen() {
        return PostgresStore.open(url);
    }

    @AfterEach
    void dropSchemas() {
        dropSchemas(System.getenv(ENV), schemas);
    }

    @Test
    void locationHidesThePassword() {
        assertThat(store.location()).doesNotContain(":culprit@").startsWith("postgresql://");
    }
}
