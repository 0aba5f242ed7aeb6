package dev.culprit.journal;

import dev.culprit.bisect.Outcome;
import dev.culprit.store.SqliteStore;
import dev.culprit.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two bisections of the same repository at once in one work directory, each with its own worktree and its own
 * connection to the one journal file (as two processes would have): both finish right, no lock error.
 */
class ConcurrentBisectionsTest {
    @TempDir
    Path tmp;

    @Test
    void twoBisectionsShareOneJournal() throws Exception {
        JournalFixture f = new JournalFixture(tmp, 12, 5, 80);
        Path db = f.work.resolve("culprit.db");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // Different --runs: two different bisections (the same spec twice would be one resumed twice).
            Future<JournalFixture.Attempt> a = pool.submit(() -> one(f, db, "wa", 5));
            Future<JournalFixture.Attempt> b = pool.submit(() -> one(f, db, "wb", 7));
            JournalFixture.Attempt ra = a.get();
            JournalFixture.Attempt rb = b.get();
            assertThat(ra.bisectionId()).isNotEqualTo(rb.bisectionId());
            for (JournalFixture.Attempt r : new JournalFixture.Attempt[] {ra, rb}) {
                assertThat(r.result().outcome()).isEqualTo(Outcome.FOUND);
                assertThat(r.result().culprits().get(0).hash()).isEqualTo(f.repo.hash("c5"));
            }
        } finally {
            pool.shutdownNow();
        }
        try (SqliteStore store = SqliteStore.open(db)) {
            assertThat(store.integrityCheck()).containsExactly("ok");
            assertThat(store.bisections()).hasSize(2);
        }
    }

    private static JournalFixture.Attempt one(JournalFixture f, Path db, String worktree, int runs) {
        try (Store store = SqliteStore.open(db)) {
            return JournalFixture.bisect(store, f.repo.dir(), f.repo.hash("c0"), f.work, worktree,
                    JournalFixture.BUILD, JournalFixture.TEST, runs, false, x -> x, x -> x);
        }
    }
}
