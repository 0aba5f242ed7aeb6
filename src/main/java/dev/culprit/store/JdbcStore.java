package dev.culprit.store;

import dev.culprit.common.InfraException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@link Store} in plain JDBC, shared by both backends: the SQL is the same (bind parameters only), the
 * backends differ in how a connection is opened, how a write transaction starts and the id column.
 *
 * <p>One connection per store, used under the store's lock: the journal writes a few rows per build and run,
 * so one connection is plenty, and it keeps SQLite's single-writer rule inside the process trivially true.
 * Every public method is one transaction, committed before it returns.
 */
abstract class JdbcStore implements QueueStore {
    private static final String BISECTION_COLUMNS =
            "id, spec_hash, spec, summary, state, result, log_path, created_ms, updated_ms";
    private static final String BUILD_COLUMNS = "id, bisection_id, repository, commit_hash, config_hash, compiler, "
            + "build_command, outcome, signature, duration_ns, error_summary, log_path, reused_from";
    private static final String JOB_COLUMNS = "id, kind, spec, summary, state, bisection_id, lease_id, lease_owner, "
            + "lease_expires_ms, claims, result, error, created_ms, started_ms, finished_ms";
    private static final String RUN_COLUMNS = "id, bisection_id, build_id, commit_hash, run_index, test_key, outcome, "
            + "title, detail, duration_ns, console_path, reused_from";

    private final Connection connection;
    private final Clock clock;
    private int version;
    private boolean closed;

    JdbcStore(Connection connection, Clock clock) {
        this.connection = connection;
        this.clock = clock;
    }

    /** The dialect's auto-numbered primary key column. */
    abstract String idColumn();

    /** Starts a write transaction on the connection (the connection is in auto-commit mode otherwise). */
    abstract void begin(Connection c) throws SQLException;

    abstract void commit(Connection c) throws SQLException;

    abstract void rollback(Connection c) throws SQLException;

    /** Inside the migration transaction, before the version is read: keeps concurrent migrations apart. */
    abstract void lockForMigration(Connection c) throws SQLException;

    /** Applies every migration up to {@code upTo}; called once by the backend's factory. */
    final void migrate(int upTo) {
        version = tx("migrate the schema", c -> {
            lockForMigration(c);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            }
            int current;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version FROM schema_version")) {
                current = rs.next() ? rs.getInt(1) : -1;
            }
            if (current < 0) {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO schema_version (version) VALUES (?)")) {
                    p.setInt(1, 0);
                    p.executeUpdate();
                }
                current = 0;
            }
            if (current > Schema.latest()) {
                throw new InfraException("the journal " + location() + " has schema version " + current
                        + ", newer than this culprit knows (" + Schema.latest() + "): use a newer culprit");
            }
            for (Schema.Migration m : Schema.MIGRATIONS) {
                if (m.version() <= current || m.version() > upTo) {
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    for (String sql : m.statements()) {
                        s.execute(sql.replace("{ID}", idColumn()));
                    }
                }
                try (PreparedStatement p = c.prepareStatement("UPDATE schema_version SET version = ?")) {
                    p.setInt(1, m.version());
                    p.executeUpdate();
                }
                current = m.version();
            }
            return current;
        });
    }

    @Override
    public synchronized int schemaVersion() {
        return version;
    }

    // ---- bisections

    @Override
    public BisectionRecord createBisection(String specHash, String spec, String summary) {
        return tx("start a bisection", c -> {
            long now = clock.millis();
            long id;
            try (PreparedStatement p = c.prepareStatement("INSERT INTO bisections (spec_hash, spec, summary, state, "
                    + "created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")) {
                p.setString(1, specHash);
                p.setString(2, clean(spec));
                p.setString(3, clean(summary));
                p.setString(4, BisectionState.RUNNING.word());
                p.setLong(5, now);
                p.setLong(6, now);
                id = single(p);
            }
            return bisection(c, id).orElseThrow();
        });
    }

    @Override
    public Optional<BisectionRecord> latestBisection(String specHash) {
        return tx("find a bisection", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + BISECTION_COLUMNS
                    + " FROM bisections WHERE spec_hash = ? ORDER BY id DESC LIMIT 1")) {
                p.setString(1, specHash);
                return first(p, JdbcStore::bisectionRow);
            }
        });
    }

    @Override
    public Optional<BisectionRecord> bisection(long id) {
        return tx("read bisection " + id, c -> bisection(c, id));
    }

    private static Optional<BisectionRecord> bisection(Connection c, long id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + BISECTION_COLUMNS + " FROM bisections WHERE id = ?")) {
            p.setLong(1, id);
            return first(p, JdbcStore::bisectionRow);
        }
    }

    @Override
    public List<BisectionRecord> bisections() {
        return tx("list bisections", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + BISECTION_COLUMNS
                    + " FROM bisections ORDER BY id")) {
                return all(p, JdbcStore::bisectionRow);
            }
        });
    }

    @Override
    public void setState(long bisectionId, BisectionState state) {
        tx("update bisection " + bisectionId, c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE bisections SET state = ?, updated_ms = ? WHERE id = ?")) {
                p.setString(1, state.word());
                p.setLong(2, clock.millis());
                p.setLong(3, bisectionId);
                requireOne(p.executeUpdate(), bisectionId);
            }
            return null;
        });
    }

    @Override
    public void setResult(long bisectionId, BisectionState state, String resultJson) {
        tx("record the result of bisection " + bisectionId, c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE bisections SET state = ?, result = ?, updated_ms = ? WHERE id = ?")) {
                p.setString(1, state.word());
                p.setString(2, clean(resultJson));
                p.setLong(3, clock.millis());
                p.setLong(4, bisectionId);
                requireOne(p.executeUpdate(), bisectionId);
            }
            return null;
        });
    }

    @Override
    public void setLogPath(long bisectionId, String logPath) {
        tx("update bisection " + bisectionId, c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE bisections SET log_path = ? WHERE id = ?")) {
                p.setString(1, clean(logPath));
                p.setLong(2, bisectionId);
                requireOne(p.executeUpdate(), bisectionId);
            }
            return null;
        });
    }

    // ---- builds

    @Override
    public BuildRecord recordBuild(BuildRecord b) {
        return tx("journal the build of " + b.commit(), c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO builds (bisection_id, repository, commit_hash, "
                    + "config_hash, compiler, build_command, outcome, signature, duration_ns, error_summary, log_path, "
                    + "reused_from, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (bisection_id, commit_hash) DO NOTHING")) {
                BuildKey k = b.key();
                p.setLong(1, b.bisectionId());
                p.setString(2, clean(k.repository()));
                p.setString(3, k.commit());
                p.setString(4, clean(k.configHash()));
                p.setString(5, clean(k.compiler()));
                p.setString(6, clean(k.buildCommand()));
                p.setString(7, b.ok() ? "ok" : "failed");
                setOptional(p, 8, b.signature());
                p.setLong(9, nanos(b.duration()));
                p.setString(10, clean(b.errorSummary()));
                setOptional(p, 11, b.logPath());
                setOptionalLong(p, 12, b.reusedFrom());
                p.setLong(13, clock.millis());
                p.executeUpdate();
            }
            return build(c, b.bisectionId(), b.commit()).orElseThrow();
        });
    }

    @Override
    public Optional<BuildRecord> build(long bisectionId, String commit) {
        return tx("read a build", c -> build(c, bisectionId, commit));
    }

    private static Optional<BuildRecord> build(Connection c, long bisectionId, String commit) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + BUILD_COLUMNS
                + " FROM builds WHERE bisection_id = ? AND commit_hash = ?")) {
            p.setLong(1, bisectionId);
            p.setString(2, commit);
            return first(p, JdbcStore::buildRow);
        }
    }

    @Override
    public Optional<BuildRecord> reusableBuild(BuildKey k) {
        return tx("look for a reusable build", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + BUILD_COLUMNS + " FROM builds WHERE repository = ?"
                    + " AND commit_hash = ? AND config_hash = ? AND compiler = ? AND build_command = ?"
                    + " AND outcome = 'ok' AND reused_from IS NULL ORDER BY id LIMIT 1")) {
                bindKey(p, 1, k);
                return first(p, JdbcStore::buildRow);
            }
        });
    }

    @Override
    public List<BuildRecord> builds(long bisectionId) {
        return tx("read builds", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + BUILD_COLUMNS
                    + " FROM builds WHERE bisection_id = ? ORDER BY id")) {
                p.setLong(1, bisectionId);
                return all(p, JdbcStore::buildRow);
            }
        });
    }

    // ---- runs

    @Override
    public RunRecord recordRun(RunRecord r) {
        return tx("journal run " + r.index() + " of " + r.commit(), c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO runs (bisection_id, build_id, commit_hash, "
                    + "run_index, test_key, outcome, title, detail, duration_ns, console_path, reused_from, created_ms) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (bisection_id, commit_hash, run_index) DO NOTHING")) {
                p.setLong(1, r.bisectionId());
                p.setLong(2, r.buildId());
                p.setString(3, r.commit());
                p.setInt(4, r.index());
                p.setString(5, clean(r.testKey()));
                p.setString(6, r.outcome());
                p.setString(7, clean(r.title()));
                p.setString(8, clean(r.detail()));
                p.setLong(9, nanos(r.duration()));
                setOptional(p, 10, r.consolePath());
                setOptionalLong(p, 11, r.reusedFrom());
                p.setLong(12, clock.millis());
                p.executeUpdate();
            }
            return run(c, r.bisectionId(), r.commit(), r.index()).orElseThrow();
        });
    }

    @Override
    public Optional<RunRecord> run(long bisectionId, String commit, int index) {
        return tx("read a run", c -> run(c, bisectionId, commit, index));
    }

    private static Optional<RunRecord> run(Connection c, long bisectionId, String commit, int index)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + RUN_COLUMNS
                + " FROM runs WHERE bisection_id = ? AND commit_hash = ? AND run_index = ?")) {
            p.setLong(1, bisectionId);
            p.setString(2, commit);
            p.setInt(3, index);
            return first(p, JdbcStore::runRow);
        }
    }

    @Override
    public Optional<RunRecord> reusableRun(BuildKey k, String testKey, int index) {
        return tx("look for a reusable run", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + prefixed("r.", RUN_COLUMNS)
                    + " FROM runs r JOIN builds b ON r.build_id = b.id WHERE b.repository = ? AND b.commit_hash = ?"
                    + " AND b.config_hash = ? AND b.compiler = ? AND b.build_command = ? AND b.outcome = 'ok'"
                    + " AND r.test_key = ? AND r.run_index = ? AND r.reused_from IS NULL ORDER BY r.id LIMIT 1")) {
                int i = bindKey(p, 1, k);
                p.setString(i, clean(testKey));
                p.setInt(i + 1, index);
                return first(p, JdbcStore::runRow);
            }
        });
    }

    @Override
    public List<RunRecord> runs(long bisectionId) {
        return tx("read runs", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + RUN_COLUMNS
                    + " FROM runs WHERE bisection_id = ? ORDER BY id")) {
                p.setLong(1, bisectionId);
                return all(p, JdbcStore::runRow);
            }
        });
    }

    // ---- decisions and log

    @Override
    public void recordDecision(DecisionRecord d) {
        tx("journal a decision", c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO decisions (bisection_id, seq, kind, commit_hash,"
                    + " detail) VALUES (?, ?, ?, ?, ?) ON CONFLICT (bisection_id, seq) DO NOTHING")) {
                p.setLong(1, d.bisectionId());
                p.setInt(2, d.seq());
                p.setString(3, clean(d.kind()));
                p.setString(4, clean(d.commit()));
                p.setString(5, clean(d.detail()));
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<DecisionRecord> decisions(long bisectionId) {
        return tx("read decisions", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT bisection_id, seq, kind, commit_hash, detail"
                    + " FROM decisions WHERE bisection_id = ? ORDER BY seq")) {
                p.setLong(1, bisectionId);
                return all(p, rs -> new DecisionRecord(rs.getLong(1), rs.getInt(2), rs.getString(3),
                        rs.getString(4), rs.getString(5)));
            }
        });
    }

    @Override
    public int beginAttempt(long bisectionId, Optional<AttemptOwner> owner) {
        return tx("start an attempt of bisection " + bisectionId, c -> {
            int next;
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT COALESCE(MAX(attempt), 0) + 1 FROM attempts WHERE bisection_id = ?")) {
                p.setLong(1, bisectionId);
                next = (int) single(p);
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO attempts (bisection_id, attempt, started_ms, "
                    + "owner_pid, owner_host, owner_started_ms) VALUES (?, ?, ?, ?, ?, ?)")) {
                p.setLong(1, bisectionId);
                p.setInt(2, next);
                p.setLong(3, clock.millis());
                setOptionalLong(p, 4, owner.map(AttemptOwner::pid));
                setOptional(p, 5, owner.map(AttemptOwner::host));
                setOptionalLong(p, 6, owner.map(o -> o.started().toEpochMilli()));
                p.executeUpdate();
            }
            return next;
        });
    }

    @Override
    public Optional<AttemptOwner> owner(long bisectionId) {
        return tx("read the owner of bisection " + bisectionId, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT owner_pid, owner_host, owner_started_ms"
                    + " FROM attempts WHERE bisection_id = ? ORDER BY attempt DESC LIMIT 1")) {
                p.setLong(1, bisectionId);
                // The newest attempt decides: an older attempt's process says nothing about the newest one.
                return first(p, rs -> {
                    Optional<Long> pid = optLong(rs, 1);
                    Optional<String> host = optString(rs, 2);
                    Optional<Long> started = optLong(rs, 3);
                    return pid.isEmpty() || host.isEmpty() ? Optional.<AttemptOwner>empty()
                            : Optional.of(new AttemptOwner(pid.get(), host.get(),
                            Instant.ofEpochMilli(started.orElse(0L))));
                }).flatMap(o -> o);
            }
        });
    }

    @Override
    public void appendLog(long bisectionId, int attempt, int seq, String line) {
        tx("journal a log line", c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO log_lines (bisection_id, attempt, seq, line)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (bisection_id, attempt, seq) DO NOTHING")) {
                p.setLong(1, bisectionId);
                p.setInt(2, attempt);
                p.setInt(3, seq);
                p.setString(4, clean(line));
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<String> log(long bisectionId) {
        return tx("read the log of bisection " + bisectionId, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT line FROM log_lines WHERE bisection_id = ?"
                    + " AND attempt = (SELECT MAX(attempt) FROM log_lines WHERE bisection_id = ?) ORDER BY seq")) {
                p.setLong(1, bisectionId);
                p.setLong(2, bisectionId);
                return all(p, rs -> rs.getString(1));
            }
        });
    }

    // ---- artifacts

    @Override
    public void putArtifact(String signature, long bytes) {
        tx("index cached artifacts", c -> {
            long seq = nextUseSeq(c);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO artifacts (signature, bytes, last_used_ms, "
                    + "use_seq) VALUES (?, ?, ?, ?) ON CONFLICT (signature) DO UPDATE SET bytes = excluded.bytes, "
                    + "last_used_ms = excluded.last_used_ms, use_seq = excluded.use_seq")) {
                p.setString(1, signature);
                p.setLong(2, bytes);
                p.setLong(3, clock.millis());
                p.setLong(4, seq);
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<ArtifactEntry> useArtifact(String signature) {
        return tx("use cached artifacts", c -> {
            long seq = nextUseSeq(c);
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE artifacts SET last_used_ms = ?, use_seq = ? WHERE signature = ?")) {
                p.setLong(1, clock.millis());
                p.setLong(2, seq);
                p.setString(3, signature);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT signature, bytes, last_used_ms FROM artifacts WHERE signature = ?")) {
                p.setString(1, signature);
                return first(p, JdbcStore::artifactRow);
            }
        });
    }

    @Override
    public List<ArtifactEntry> artifacts() {
        return tx("list cached artifacts", c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT signature, bytes, last_used_ms FROM artifacts ORDER BY use_seq")) {
                return all(p, JdbcStore::artifactRow);
            }
        });
    }

    @Override
    public void removeArtifact(String signature) {
        tx("drop cached artifacts", c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM artifacts WHERE signature = ?")) {
                p.setString(1, signature);
                p.executeUpdate();
            }
            return null;
        });
    }

    // ---- job queue

    @Override
    public JobRecord submitJob(String kind, String spec, String summary) {
        return tx("queue a job", c -> {
            long now = clock.millis();
            long id;
            try (PreparedStatement p = c.prepareStatement("INSERT INTO jobs (kind, spec, summary, state, claims, error,"
                    + " created_ms, updated_ms) VALUES (?, ?, ?, ?, 0, '', ?, ?) RETURNING id")) {
                p.setString(1, kind);
                p.setString(2, clean(spec));
                p.setString(3, clean(summary));
                p.setString(4, JobState.QUEUED.word());
                p.setLong(5, now);
                p.setLong(6, now);
                id = single(p);
            }
            return job(c, id).orElseThrow();
        });
    }

    @Override
    public Optional<JobRecord> job(long id) {
        return tx("read job " + id, c -> job(c, id));
    }

    private static Optional<JobRecord> job(Connection c, long id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + JOB_COLUMNS + " FROM jobs WHERE id = ?")) {
            p.setLong(1, id);
            return first(p, JdbcStore::jobRow);
        }
    }

    @Override
    public List<JobRecord> jobs(int limit) {
        return tx("list jobs", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + JOB_COLUMNS
                    + " FROM jobs ORDER BY id DESC LIMIT ?")) {
                p.setInt(1, limit);
                return all(p, JdbcStore::jobRow);
            }
        });
    }

    @Override
    public Optional<JobRecord> claimJob(String owner, Duration lease) {
        return tx("claim a job", c -> {
            long now = clock.millis();
            // Oldest first; a running job whose lease ran out is claimable again (its worker is presumed dead).
            String claimable = "(state = 'queued' OR (state = 'running' AND lease_expires_ms < ?))";
            for (int attempt = 0; attempt < 16; attempt++) {
                long id;
                try (PreparedStatement p = c.prepareStatement("SELECT id FROM jobs WHERE " + claimable
                        + " ORDER BY id LIMIT 1")) {
                    p.setLong(1, now);
                    Optional<Long> found = first(p, rs -> rs.getLong(1));
                    if (found.isEmpty()) {
                        return Optional.<JobRecord>empty();
                    }
                    id = found.get();
                }
                // The condition again in the UPDATE: on PostgreSQL a concurrent claim of the same row makes this
                // one update nothing (READ COMMITTED re-checks it), and we try the next job.
                try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET state = 'running', lease_id = ?, "
                        + "lease_owner = ?, lease_expires_ms = ?, claims = claims + 1, "
                        + "started_ms = COALESCE(started_ms, ?), updated_ms = ? WHERE id = ? AND " + claimable)) {
                    p.setString(1, java.util.UUID.randomUUID().toString());
                    p.setString(2, clean(owner));
                    p.setLong(3, now + lease.toMillis());
                    p.setLong(4, now);
                    p.setLong(5, now);
                    p.setLong(6, id);
                    p.setLong(7, now);
                    if (p.executeUpdate() == 1) {
                        return job(c, id);
                    }
                }
            }
            return Optional.<JobRecord>empty();
        });
    }

    @Override
    public boolean heartbeat(long jobId, String leaseId, Duration lease) {
        return tx("extend the lease of job " + jobId, c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET lease_expires_ms = ?, updated_ms = ? "
                    + "WHERE id = ? AND lease_id = ? AND state = 'running'")) {
                long now = clock.millis();
                p.setLong(1, now + lease.toMillis());
                p.setLong(2, now);
                p.setLong(3, jobId);
                p.setString(4, leaseId);
                return p.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean finishJob(long jobId, String leaseId, JobState state, Optional<String> result, String error) {
        if (!state.finished()) {
            throw new IllegalArgumentException("not a final state: " + state);
        }
        return tx("finish job " + jobId, c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET state = ?, result = ?, error = ?, "
                    + "finished_ms = ?, updated_ms = ? WHERE id = ? AND lease_id = ? AND state = 'running'")) {
                long now = clock.millis();
                p.setString(1, state.word());
                setOptional(p, 2, result);
                p.setString(3, clean(error));
                p.setLong(4, now);
                p.setLong(5, now);
                p.setLong(6, jobId);
                p.setString(7, leaseId);
                return p.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean holdsLease(long jobId, String leaseId) {
        return tx("check the lease of job " + jobId, c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT 1 FROM jobs WHERE id = ? AND lease_id = ? AND state = 'running'")) {
                p.setLong(1, jobId);
                p.setString(2, leaseId);
                return first(p, rs -> 1).isPresent();
            }
        });
    }

    @Override
    public void linkBisection(long jobId, long bisectionId) {
        tx("link job " + jobId + " to its bisection", c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE jobs SET bisection_id = ?, updated_ms = ? WHERE id = ?")) {
                p.setLong(1, bisectionId);
                p.setLong(2, clock.millis());
                p.setLong(3, jobId);
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean cancelJob(long jobId) {
        return tx("cancel job " + jobId, c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET state = 'cancelled', finished_ms = ?, "
                    + "updated_ms = ? WHERE id = ? AND state IN ('queued', 'running')")) {
                long now = clock.millis();
                p.setLong(1, now);
                p.setLong(2, now);
                p.setLong(3, jobId);
                return p.executeUpdate() == 1;
            }
        });
    }

    private static JobRecord jobRow(ResultSet rs) throws SQLException {
        return new JobRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                JobState.of(rs.getString(5)), optLong(rs, 6), optString(rs, 7), optString(rs, 8),
                optLong(rs, 9).map(Instant::ofEpochMilli), rs.getInt(10), optString(rs, 11), rs.getString(12),
                Instant.ofEpochMilli(rs.getLong(13)), optLong(rs, 14).map(Instant::ofEpochMilli),
                optLong(rs, 15).map(Instant::ofEpochMilli));
    }

    private static long nextUseSeq(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT COALESCE(MAX(use_seq), 0) + 1 FROM artifacts")) {
            return single(p);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (SQLException e) {
            throw new InfraException("cannot close the journal " + location() + ": " + oneLine(e), e);
        }
    }

    // ---- plumbing

    @FunctionalInterface
    interface SqlWork<T> {
        T apply(Connection c) throws SQLException;
    }

    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Runs {@code work} as one committed transaction; any database failure becomes a one-line InfraException. */
    final synchronized <T> T tx(String what, SqlWork<T> work) {
        if (closed) {
            throw new IllegalStateException("the journal " + location() + " is closed");
        }
        try {
            begin(connection);
        } catch (SQLException e) {
            throw new InfraException("cannot " + what + " in the journal " + location() + ": " + oneLine(e), e);
        }
        try {
            T result = work.apply(connection);
            commit(connection);
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                rollback(connection);
            } catch (SQLException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new InfraException("cannot " + what + " in the journal " + location() + ": "
                    + oneLine((SQLException) e), e);
        }
    }

    static String oneLine(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.strip().lines().findFirst().orElse(m).strip();
    }

    /** PostgreSQL refuses NUL in text; console output may hold one. Both backends store the same text. */
    private static String clean(String s) {
        return s == null ? null : s.replace('\0', '\uFFFD');
    }

    private static long nanos(Duration d) {
        return d.toNanos();
    }

    private static void requireOne(int updated, long bisectionId) {
        if (updated != 1) {
            throw new InfraException("no bisection " + bisectionId + " in the journal");
        }
    }

    private static int bindKey(PreparedStatement p, int i, BuildKey k) throws SQLException {
        p.setString(i, clean(k.repository()));
        p.setString(i + 1, k.commit());
        p.setString(i + 2, clean(k.configHash()));
        p.setString(i + 3, clean(k.compiler()));
        p.setString(i + 4, clean(k.buildCommand()));
        return i + 5;
    }

    private static void setOptional(PreparedStatement p, int i, Optional<String> v) throws SQLException {
        if (v.isPresent()) {
            p.setString(i, clean(v.get()));
        } else {
            p.setNull(i, Types.VARCHAR);
        }
    }

    private static void setOptionalLong(PreparedStatement p, int i, Optional<Long> v) throws SQLException {
        if (v.isPresent()) {
            p.setLong(i, v.get());
        } else {
            p.setNull(i, Types.BIGINT);
        }
    }

    private static String prefixed(String prefix, String columns) {
        return prefix + columns.replace(", ", ", " + prefix);
    }

    private static long single(PreparedStatement p) throws SQLException {
        try (ResultSet rs = p.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the query returned no row");
            }
            return rs.getLong(1);
        }
    }

    private static <T> Optional<T> first(PreparedStatement p, Row<T> row) throws SQLException {
        try (ResultSet rs = p.executeQuery()) {
            return rs.next() ? Optional.of(row.read(rs)) : Optional.empty();
        }
    }

    private static <T> List<T> all(PreparedStatement p, Row<T> row) throws SQLException {
        List<T> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(row.read(rs));
            }
        }
        return out;
    }

    private static Optional<String> optString(ResultSet rs, int i) throws SQLException {
        return Optional.ofNullable(rs.getString(i));
    }

    private static Optional<Long> optLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? Optional.empty() : Optional.of(v);
    }

    private static BisectionRecord bisectionRow(ResultSet rs) throws SQLException {
        return new BisectionRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                BisectionState.of(rs.getString(5)), optString(rs, 6), optString(rs, 7),
                Instant.ofEpochMilli(rs.getLong(8)), Instant.ofEpochMilli(rs.getLong(9)));
    }

    private static BuildRecord buildRow(ResultSet rs) throws SQLException {
        BuildKey key = new BuildKey(rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7));
        return new BuildRecord(rs.getLong(1), rs.getLong(2), key, rs.getString(8).equals("ok"), optString(rs, 9),
                Duration.ofNanos(rs.getLong(10)), rs.getString(11), optString(rs, 12), optLong(rs, 13));
    }

    private static RunRecord runRow(ResultSet rs) throws SQLException {
        return new RunRecord(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getInt(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), Duration.ofNanos(rs.getLong(10)),
                optString(rs, 11), optLong(rs, 12));
    }

    private static ArtifactEntry artifactRow(ResultSet rs) throws SQLException {
        return new ArtifactEntry(rs.getString(1), rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3)));
    }
}
