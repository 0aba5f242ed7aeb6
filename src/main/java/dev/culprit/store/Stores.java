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
     * PostgreSQL; {@code sqlite:PATH} or any other text: an SQLite file at that path.
     */
    public static Store open(String db, Path workDir) {
        if (db == null || db.isBlank()) {
            return SqliteStore.open(workDir.resolve(DEFAULT_FILE));
        }
        if (db.startsWith("postgresql://") || db.startsWith("postgres://")) {
            return PostgresStore.open(db);
        }
        if (db.startsWith("sqlite:")) {
            return SqliteStore.open(Path.of(db.substring("sqlite:".length())));
        }
        return SqliteStore.open(Path.of(db));
    }
}
