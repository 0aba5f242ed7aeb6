package dev.culprit.store;

import java.nio.file.Path;

/** Opens the store a {@code --db} option names. */
public final class Stores {
    /** The journal's file name in the work directory when no {@code --db} is given. */
    public static final String DEFAULT_FILE = "culprit.db";

    private Stores() {
    }

    /**
     * {@code null} or "": SQLite in {@code workDir}; {@code postgresql://…} (or {@code postgres://…}):
     * PostgreSQL; {@code http(s)://server[?token-file=F]}: the journal of a {@code culprit serve};
     * {@code sqlite:PATH} or any other text: an SQLite file at that path.
     */
    public static Store open(String db, Path workDir) {
        if (db != null && (db.startsWith("http://") || db.startsWith("https://"))) {
            return dev.culprit.server.HttpStore.open(db, workDir);
        }
        return openQueue(db, workDir);
    }

    /** The database-backed store of {@code culprit serve}, which also keeps the job queue: SQLite or PostgreSQL. */
    public static QueueStore openQueue(String db, Path workDir) {
        if (db == null || db.isBlank()) {
            return SqliteStore.open(workDir.resolve(DEFAULT_FILE));
        }
        if (db.startsWith("postgresql://") || db.startsWith("postgres://")) {
            return PostgresStore.open(db);
        }
        if (db.startsWith("http://") || db.startsWith("https://")) {
            throw new dev.culprit.common.BadInputException("--db " + db + ": a server's journal keeps no job queue;"
                    + " give a SQLite file or postgresql://...");
        }
        if (db.startsWith("sqlite:")) {
            return SqliteStore.open(Path.of(db.substring("sqlite:".length())));
        }
        return SqliteStore.open(Path.of(db));
    }
}
