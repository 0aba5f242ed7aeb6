package dev.culprit.store;

import dev.culprit.common.InfraException;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The journal in an SQLite file (the embedded default, in the work directory).
 *
 * <p>WAL mode so that {@code culprit log ID} reads while a bisection writes; synchronous=FULL so that a
 * committed row survives not only a killed process but a lost machine; a generous busy timeout and
 * {@code BEGIN IMMEDIATE} write transactions so that two culprit processes in one work directory wait for each
 * other instead of failing with "database is locked".
 */
public final class SqliteStore extends JdbcStore {
    /** Two bisections in one work directory queue for the write lock; a commit takes milliseconds. */
    private static final int BUSY_TIMEOUT_MS = 120_000;

    private final Path file;

    private SqliteStore(Connection connection, Path file, Clock clock) {
        super(connection, clock);
        this.file = file;
    }

    /** Opens (creating when missing) the journal file and migrates it to the newest schema. */
    public static SqliteStore open(Path file) {
        return open(file, Clock.systemUTC(), Schema.latest());
    }

    /** For tests: migrate only up to {@code upTo}, to test the migrations themselves. */
    static SqliteStore open(Path file, Clock clock, int upTo) {
        Path abs = file.toAbsolutePath().normalize();
        try {
            Files.createDirectories(abs.getParent());
        } catch (IOException e) {
            throw new InfraException("cannot create the directory of the journal " + abs + ": " + e.getMessage(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        Connection c;
        try {
            c = config.createConnection("jdbc:sqlite:" + abs);
        } catch (SQLException e) {
            throw new InfraException("cannot open the journal " + abs + ": " + oneLine(e), e);
        }
        SqliteStore store = new SqliteStore(c, abs, clock);
        try {
            store.migrate(upTo);
        } catch (RuntimeException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return store;
    }

    @Override
    public String location() {
        return file.toString();
    }

    public Path file() {
        return file;
    }

    /** {@code PRAGMA integrity_check}: ["ok"] for a sound database, else the problems found. */
    public List<String> integrityCheck() {
        return tx("check the journal's integrity", c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    @Override
    String idColumn() {
        // AUTOINCREMENT: ids are shown to users, so one must never be handed out twice.
        return "INTEGER PRIMARY KEY AUTOINCREMENT";
    }

    @Override
    void begin(Connection c) throws SQLException {
        // IMMEDIATE takes the write lock up front (waiting up to the busy timeout); a deferred transaction that
        // reads first and then writes could fail with SQLITE_BUSY without waiting.
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
        }
    }

    @Override
    void commit(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("COMMIT");
        }
    }

    @Override
    void rollback(Connection c) throws SQLException {
        if (c.isClosed()) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            // SQLite rolls some failures back on its own; there is then nothing left to roll back.
            if (!String.valueOf(e.getMessage()).contains("no transaction is active")) {
                throw e;
            }
        }
    }

    @Override
    void lockForMigration(Connection c) {
        // BEGIN IMMEDIATE already holds the only write lock.
    }
}
