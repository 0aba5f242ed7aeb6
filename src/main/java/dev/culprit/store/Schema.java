package dev.culprit.store;

import java.util.List;

/**
 * The versioned schema: migration N takes a database from version N-1 to N. Never edit a released migration;
 * add the next one. The same statements serve SQLite and PostgreSQL; only the id column differs.
 */
final class Schema {
    private Schema() {
    }

    /** One step of the schema; {@code {ID}} in a statement is the dialect's auto-numbered primary key. */
    record Migration(int version, String what, List<String> statements) {
    }

    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "bisections, builds, runs, decisions, log", List.of(
                    """
                    CREATE TABLE bisections (
                      id {ID},
                      spec_hash TEXT NOT NULL,
                      spec TEXT NOT NULL,
                      summary TEXT NOT NULL,
                      state TEXT NOT NULL,
                      result TEXT,
                      log_path TEXT,
                      created_ms BIGINT NOT NULL,
                      updated_ms BIGINT NOT NULL)""",
                    "CREATE INDEX bisections_spec ON bisections (spec_hash, id)",
                    """
                    CREATE TABLE builds (
                      id {ID},
                      bisection_id BIGINT NOT NULL REFERENCES bisections (id),
                      repository TEXT NOT NULL,
                      commit_hash TEXT NOT NULL,
                      config_hash TEXT NOT NULL,
                      compiler TEXT NOT NULL,
                      build_command TEXT NOT NULL,
                      outcome TEXT NOT NULL,
                      signature TEXT,
                      duration_ns BIGINT NOT NULL,
                      error_summary TEXT NOT NULL,
                      log_path TEXT,
                      reused_from BIGINT,
                      created_ms BIGINT NOT NULL,
                      UNIQUE (bisection_id, commit_hash))""",
                    "CREATE INDEX builds_key ON builds (repository, commit_hash, config_hash, compiler, build_command)",
                    """
                    CREATE TABLE runs (
                      id {ID},
                      bisection_id BIGINT NOT NULL REFERENCES bisections (id),
                      build_id BIGINT NOT NULL REFERENCES builds (id),
                      commit_hash TEXT NOT NULL,
                      run_index INTEGER NOT NULL,
                      test_key TEXT NOT NULL,
                      outcome TEXT NOT NULL,
                      title TEXT NOT NULL,
                      detail TEXT NOT NULL,
                      duration_ns BIGINT NOT NULL,
                      console_path TEXT,
                      reused_from BIGINT,
                      created_ms BIGINT NOT NULL,
                      UNIQUE (bisection_id, commit_hash, run_index))""",
                    "CREATE INDEX runs_build ON runs (build_id, test_key, run_index)",
                    """
                    CREATE TABLE decisions (
                      bisection_id BIGINT NOT NULL REFERENCES bisections (id),
                      seq INTEGER NOT NULL,
                      kind TEXT NOT NULL,
                      commit_hash TEXT NOT NULL,
                      detail TEXT NOT NULL,
                      PRIMARY KEY (bisection_id, seq))""",
                    """
                    CREATE TABLE attempts (
                      bisection_id BIGINT NOT NULL REFERENCES bisections (id),
                      attempt INTEGER NOT NULL,
                      started_ms BIGINT NOT NULL,
                      PRIMARY KEY (bisection_id, attempt))""",
                    """
                    CREATE TABLE log_lines (
                      bisection_id BIGINT NOT NULL,
                      attempt INTEGER NOT NULL,
                      seq INTEGER NOT NULL,
                      line TEXT NOT NULL,
                      PRIMARY KEY (bisection_id, attempt, seq))""")),
            new Migration(2, "artifact cache index", List.of(
                    // use_seq orders uses within one millisecond, so "least recently used" is exact.
                    """
                    CREATE TABLE artifacts (
                      signature TEXT PRIMARY KEY,
                      bytes BIGINT NOT NULL,
                      last_used_ms BIGINT NOT NULL,
                      use_seq BIGINT NOT NULL)""")),
            new Migration(3, "the process that owns each attempt", List.of(
                    // Attempts from before this migration have no owner: they stay shown as running.
                    "ALTER TABLE attempts ADD COLUMN owner_pid BIGINT",
                    "ALTER TABLE attempts ADD COLUMN owner_host TEXT",
                    "ALTER TABLE attempts ADD COLUMN owner_started_ms BIGINT")),
            new Migration(4, "the job queue of culprit serve", List.of(
                    // A job is leased, not owned: a worker that stops heartbeating loses it when lease_expires_ms
                    // passes, and lease_id fences the old holder's late writes. claims counts hand-outs, so a
                    // load test can tell "ran once" from "ran twice".
                    """
                    CREATE TABLE jobs (
                      id {ID},
                      kind TEXT NOT NULL,
                      spec TEXT NOT NULL,
                      summary TEXT NOT NULL,
                      state TEXT NOT NULL,
                      bisection_id BIGINT,
                      lease_id TEXT,
                      lease_owner TEXT,
                      lease_expires_ms BIGINT,
                      claims INTEGER NOT NULL,
                      result TEXT,
                      error TEXT NOT NULL,
                      created_ms BIGINT NOT NULL,
                      started_ms BIGINT,
                      finished_ms BIGINT,
                      updated_ms BIGINT NOT NULL)""",
                    "CREATE INDEX jobs_state ON jobs (state, id)")));

    static int latest() {
        return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
    }
}
