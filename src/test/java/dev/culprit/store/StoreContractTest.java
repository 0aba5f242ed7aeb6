package dev.culprit.store;

import dev.culprit.common.InfraException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link Store} backend must do. Each backend's test opens a fresh, empty database per test;
 * {@link #openAnother()} opens a second store (another connection, as another process would) on the same one.
 */
abstract class StoreContractTest {
    protected Store store;
    private final List<Store> others = new ArrayList<>();

    /** A store on a fresh, empty database, migrated up to {@code upTo}. */
    abstract Store openFresh(int upTo);

    /** Another store on the database {@link #openFresh} made, migrated to the newest schema. */
    abstract Store reopen();

    @BeforeEach
    void openStore() {
        store = openFresh(Schema.latest());
    }

    @AfterEach
    void closeStores() {
        if (store != null) {
            store.close();
        }
        others.forEach(Store::close);
    }

    Store openAnother() {
        Store s = reopen();
        others.add(s);
        return s;
    }

    static final BuildKey KEY = new BuildKey("/src/linux", "a".repeat(40), "cfg1", "gcc (Debian 12.2.0) 12.2.0",
            "make -j8");

    static BuildRecord build(long bisection, BuildKey key, boolean ok) {
        return new BuildRecord(0, bisection, key, ok, ok ? Optional.of("sig-" + key.commit()) : Optional.empty(),
                Duration.ofNanos(123_456_789_012L), ok ? "" : "main.c:1: error: boom", Optional.of("/logs/b.log"),
                Optional.empty());
    }

    static RunRecord run(long bisection, BuildRecord b, int index, String outcome, String title) {
        return new RunRecord(0, bisection, b.id(), b.commit(), index, "test1", outcome, title,
                "{\"type\":\"KASAN\"}", Duration.ofMillis(1500 + index), Optional.of("/logs/run-" + index + ".log"),
                Optional.empty());
    }

    @Test
    void migratesToTheNewestSchemaAndReopensIdempotently() {
        assertThat(store.schemaVersion()).isEqualTo(Schema.latest());
        BisectionRecord b = store.createBisection("h", "{}", "s");
        Store again = openAnother();
        assertThat(again.schemaVersion()).isEqualTo(Schema.latest());
        assertThat(again.bisection(b.id())).contains(b);
    }

    @Test
    void migrationFromAnOlderSchemaKeepsTheData() {
        store.close();
        store = openFresh(1);
        assertThat(store.schemaVersion()).isEqualTo(1);
        BisectionRecord b = store.createBisection("h", "{\"bad\":\"x\"}", "summary");
        Store migrated = openAnother();
        assertThat(migrated.schemaVersion()).isEqualTo(Schema.latest());
        assertThat(migrated.bisection(b.id())).contains(b);
        migrated.putArtifact("sig", 10);
        assertThat(migrated.artifacts()).extracting(ArtifactEntry::signature).containsExactly("sig");
    }

    @Test
    void bisectionsAreCreatedFoundAndFinished() {
        BisectionRecord a = store.createBisection("spec-a", "{\"a\":1}", "cause from aaa");
        BisectionRecord b = store.createBisection("spec-b", "{\"b\":1}", "cause from bbb");
        BisectionRecord a2 = store.createBisection("spec-a", "{\"a\":1}", "cause from aaa");
        assertThat(List.of(a.id(), b.id(), a2.id())).noneMatch(id -> id <= 0).doesNotHaveDuplicates();
        assertThat(a.state()).isEqualTo(BisectionState.RUNNING);
        assertThat(a.result()).isEmpty();
        assertThat(store.latestBisection("spec-a")).map(BisectionRecord::id).contains(a2.id());
        assertThat(store.latestBisection("nope")).isEmpty();
        assertThat(store.bisections()).extracting(BisectionRecord::id).containsExactly(a.id(), b.id(), a2.id());

        store.setState(b.id(), BisectionState.FAILED);
        store.setResult(a.id(), BisectionState.DONE, "{\"verdict\":\"found\"}");
        store.setLogPath(a.id(), "/tmp/log.txt");
        BisectionRecord done = store.bisection(a.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(BisectionState.DONE);
        assertThat(done.result()).contains("{\"verdict\":\"found\"}");
        assertThat(done.logPath()).contains("/tmp/log.txt");
        assertThat(done.spec()).isEqualTo("{\"a\":1}");
        assertThat(done.summary()).isEqualTo("cause from aaa");
        assertThat(store.bisection(b.id()).orElseThrow().state()).isEqualTo(BisectionState.FAILED);
    }

    @Test
    void unknownBisectionIsEmptyOrAnError() {
        assertThat(store.bisection(999_999)).isEmpty();
        assertThatThrownBy(() -> store.setState(999_999, BisectionState.DONE))
                .isInstanceOf(InfraException.class).hasMessageContaining("999999");
    }

    @Test
    void buildsAreJournaledOncePerCommitAndReadBackExactly() {
        long bis = store.createBisection("h", "{}", "s").id();
        BuildRecord first = store.recordBuild(build(bis, KEY, true));
        assertThat(first.id()).isPositive();
        assertThat(first).isEqualTo(new BuildRecord(first.id(), bis, KEY, true, Optional.of("sig-" + KEY.commit()),
                Duration.ofNanos(123_456_789_012L), "", Optional.of("/logs/b.log"), Optional.empty()));
        // A second record of the same commit keeps the first: the journal holds what the engine acted on.
        BuildRecord again = store.recordBuild(build(bis, KEY, false));
        assertThat(again).isEqualTo(first);
        BuildKey other = new BuildKey(KEY.repository(), "b".repeat(40), "cfg1", KEY.compiler(), KEY.buildCommand());
        BuildRecord failed = store.recordBuild(build(bis, other, false));
        assertThat(failed.ok()).isFalse();
        assertThat(failed.signature()).isEmpty();
        assertThat(failed.errorSummary()).isEqualTo("main.c:1: error: boom");
        assertThat(store.build(bis, KEY.commit())).contains(first);
        assertThat(store.build(bis, "c".repeat(40))).isEmpty();
        assertThat(store.builds(bis)).containsExactly(first, failed);
    }

    @Test
    void buildsAreReusedAcrossBisectionsOnlyForTheSameKey() {
        long one = store.createBisection("h1", "{}", "s").id();
        long two = store.createBisection("h2", "{}", "s").id();
        BuildRecord original = store.recordBuild(build(one, KEY, true));
        store.recordBuild(build(one, new BuildKey(KEY.repository(), "f".repeat(40), "cfg1", KEY.compiler(),
                KEY.buildCommand()), false));
        assertThat(store.reusableBuild(KEY)).contains(original);
        // A copy in another bisection is not offered again: the original is.
        BuildRecord copy = store.recordBuild(new BuildRecord(0, two, KEY, true, original.signature(),
                original.duration(), "", original.logPath(), Optional.of(original.id())));
        assertThat(copy.reusedFrom()).contains(original.id());
        assertThat(store.reusableBuild(KEY)).contains(original);
        assertThat(store.reusableBuild(new BuildKey(KEY.repository(), KEY.commit(), "cfg2", KEY.compiler(),
                KEY.buildCommand()))).isEmpty();
        assertThat(store.reusableBuild(new BuildKey(KEY.repository(), KEY.commit(), "cfg1", "clang 16",
                KEY.buildCommand()))).isEmpty();
        assertThat(store.reusableBuild(new BuildKey("/other", KEY.commit(), "cfg1", KEY.compiler(),
                KEY.buildCommand()))).isEmpty();
        assertThat(store.reusableBuild(new BuildKey(KEY.repository(), KEY.commit(), "cfg1", KEY.compiler(),
                "make -j1"))).isEmpty();
        // A failed build is never reused across bisections (it may have been the machine's fault).
        assertThat(store.reusableBuild(new BuildKey(KEY.repository(), "f".repeat(40), "cfg1", KEY.compiler(),
                KEY.buildCommand()))).isEmpty();
    }

    @Test
    void runsAreJournaledOncePerCommitAndIndex() {
        long bis = store.createBisection("h", "{}", "s").id();
        BuildRecord b = store.recordBuild(build(bis, KEY, true));
        RunRecord r0 = store.recordRun(run(bis, b, 0, "crashed", "KASAN: use-after-free in foo"));
        RunRecord r1 = store.recordRun(run(bis, b, 1, "ok", ""));
        assertThat(r0.id()).isPositive();
        assertThat(r0).isEqualTo(new RunRecord(r0.id(), bis, b.id(), KEY.commit(), 0, "test1", "crashed",
                "KASAN: use-after-free in foo", "{\"type\":\"KASAN\"}", Duration.ofMillis(1500),
                Optional.of("/logs/run-0.log"), Optional.empty()));
        assertThat(store.recordRun(run(bis, b, 0, "ok", ""))).isEqualTo(r0);
        assertThat(store.run(bis, KEY.commit(), 1)).contains(r1);
        assertThat(store.run(bis, KEY.commit(), 2)).isEmpty();
        assertThat(store.runs(bis)).containsExactly(r0, r1);
    }

    @Test
    void runsAreReusedAcrossBisectionsOnlyForTheSameTest() {
        long one = store.createBisection("h1", "{}", "s").id();
        BuildRecord b = store.recordBuild(build(one, KEY, true));
        RunRecord r = store.recordRun(run(one, b, 3, "crashed", "BUG: x"));
        assertThat(store.reusableRun(KEY, "test1", 3)).contains(r);
        assertThat(store.reusableRun(KEY, "test2", 3)).isEmpty();
        assertThat(store.reusableRun(KEY, "test1", 4)).isEmpty();
        assertThat(store.reusableRun(new BuildKey(KEY.repository(), KEY.commit(), "cfg1", "clang",
                KEY.buildCommand()), "test1", 3)).isEmpty();
    }

    @Test
    void decisionsKeepTheFirstRecordAtEachPosition() {
        long bis = store.createBisection("h", "{}", "s").id();
        store.recordDecision(new DecisionRecord(bis, 0, "start", "", "bad a good b"));
        store.recordDecision(new DecisionRecord(bis, 1, "bad", "c".repeat(40), ""));
        store.recordDecision(new DecisionRecord(bis, 1, "good", "c".repeat(40), "replayed differently"));
        assertThat(store.decisions(bis)).containsExactly(
                new DecisionRecord(bis, 0, "start", "", "bad a good b"),
                new DecisionRecord(bis, 1, "bad", "c".repeat(40), ""));
    }

    @Test
    void theLogIsTheNewestAttempts() {
        long bis = store.createBisection("h", "{}", "s").id();
        assertThat(store.log(bis)).isEmpty();
        int first = store.beginAttempt(bis);
        store.appendLog(bis, first, 0, "bisecting cause commit starting from x");
        store.appendLog(bis, first, 1, "testing commit x with gcc");
        store.appendLog(bis, first, 1, "a duplicate is ignored");
        assertThat(store.log(bis)).containsExactly("bisecting cause commit starting from x",
                "testing commit x with gcc");
        int second = store.beginAttempt(bis);
        assertThat(second).isEqualTo(first + 1);
        store.appendLog(bis, second, 0, "resuming bisection " + bis + ": 1 builds and 0 runs reused");
        assertThat(store.log(bis)).containsExactly("resuming bisection " + bis + ": 1 builds and 0 runs reused");
    }

    @Test
    void theNewestAttemptsOwnerIsRecorded() {
        long bis = store.createBisection("h", "{}", "s").id();
        assertThat(store.owner(bis)).isEmpty();
        AttemptOwner first = new AttemptOwner(4242, "worker-1.example.com", Instant.ofEpochMilli(1_700_000_000_123L));
        assertThat(store.beginAttempt(bis, Optional.of(first))).isEqualTo(1);
        assertThat(store.owner(bis)).contains(first);
        AttemptOwner second = new AttemptOwner(Integer.MAX_VALUE + 7L, "ünïcödé-host", Instant.EPOCH);
        store.beginAttempt(bis, Optional.of(second));
        assertThat(store.owner(bis)).contains(second);
        assertThat(openAnother().owner(bis)).contains(second);
        // An attempt whose process is not recorded hides the older owners: they say nothing about it.
        store.beginAttempt(bis);
        assertThat(store.owner(bis)).isEmpty();
        assertThat(store.owner(999_999)).isEmpty();
    }

    @Test
    void attemptsFromBeforeOwnersWereRecordedMigrateWithoutOne() {
        store.close();
        store = openFresh(2);
        long bis = store.createBisection("h", "{}", "s").id();
        int a = store instanceof JdbcStore j ? j.tx("an attempt as schema 2 wrote it", c -> {
            try (var p = c.prepareStatement(
                    "INSERT INTO attempts (bisection_id, attempt, started_ms) VALUES (?, 1, 0)")) {
                p.setLong(1, bis);
                p.executeUpdate();
            }
            return 1;
        }) : store.beginAttempt(bis);
        store.appendLog(bis, a, 0, "bisecting cause commit starting from x");
        Store migrated = openAnother();
        assertThat(migrated.schemaVersion()).isEqualTo(Schema.latest());
        assertThat(migrated.owner(bis)).isEmpty();
        assertThat(migrated.log(bis)).containsExactly("bisecting cause commit starting from x");
        AttemptOwner owner = new AttemptOwner(7, "h", Instant.ofEpochMilli(5));
        assertThat(migrated.beginAttempt(bis, Optional.of(owner))).isEqualTo(2);
        assertThat(migrated.owner(bis)).contains(owner);
    }

    @Test
    void textSurvivesExactlyExceptNul() {
        long bis = store.createBisection("h", "{}", "s").id();
        int a = store.beginAttempt(bis);
        String text = "ünïcödé ✓ 'quotes' \"and\" ; DROP TABLE runs; -- \t tabs";
        store.appendLog(bis, a, 0, text);
        store.appendLog(bis, a, 1, "nul\0byte");
        assertThat(store.log(bis)).containsExactly(text, "nul\uFFFDbyte");
    }

    @Test
    void artifactsAreListedLeastRecentlyUsedFirst() {
        store.putArtifact("s1", 100);
        store.putArtifact("s2", 200);
        store.putArtifact("s3", 300);
        assertThat(store.useArtifact("s1")).map(ArtifactEntry::bytes).contains(100L);
        assertThat(store.useArtifact("nope")).isEmpty();
        assertThat(store.artifacts()).extracting(ArtifactEntry::signature).containsExactly("s2", "s3", "s1");
        store.putArtifact("s2", 250);
        assertThat(store.artifacts()).extracting(ArtifactEntry::signature).containsExactly("s3", "s1", "s2");
        assertThat(store.artifacts().get(2).bytes()).isEqualTo(250);
        store.removeArtifact("s3");
        assertThat(store.artifacts()).extracting(ArtifactEntry::signature).containsExactly("s1", "s2");
    }

    @Test
    void whatOneConnectionCommitsAnotherSeesAtOnce() {
        Store other = openAnother();
        long bis = store.createBisection("h", "{}", "s").id();
        BuildRecord b = store.recordBuild(build(bis, KEY, true));
        store.recordRun(run(bis, b, 0, "ok", ""));
        assertThat(other.builds(bis)).containsExactly(b);
        assertThat(other.runs(bis)).hasSize(1);
        assertThat(other.latestBisection("h")).map(BisectionRecord::id).contains(bis);
    }

    @Test
    void concurrentWritersFromThreadsAndConnectionsLoseNothing() throws Exception {
        Store other = openAnother();
        long bis = store.createBisection("h", "{}", "s").id();
        BuildRecord b = store.recordBuild(build(bis, KEY, true));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<RunRecord>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Store s = i % 2 == 0 ? store : other;
                int index = i;
                futures.add(pool.submit(() -> s.recordRun(run(bis, b, index, "ok", ""))));
            }
            for (Future<RunRecord> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.runs(bis)).extracting(RunRecord::index).containsExactlyInAnyOrderElementsOf(
                java.util.stream.IntStream.range(0, 40).boxed().toList());
    }

    @Test
    void aClosedStoreRefusesWork() {
        Store s = openAnother();
        s.close();
        s.close();
        assertThatThrownBy(s::bisections).isInstanceOf(IllegalStateException.class);
    }
}
