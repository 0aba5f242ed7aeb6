package dev.culprit.journal;

import dev.culprit.common.AtomicFiles;
import dev.culprit.store.SqliteStore;
import dev.culprit.store.Store;

import java.nio.file.Path;

/**
 * A journaled bisection in a process of its own, for {@link KillResumeTest} to SIGKILL:
 * {@code KillDriver REPO GOOD WORK BUILD TEST RUNS RESULT-FILE}. Writes the result's facts to RESULT-FILE when it
 * gets to the end.
 */
public final class KillDriver {
    private KillDriver() {
    }

    public static void main(String[] args) {
        Path work = Path.of(args[2]);
        try (Store store = SqliteStore.open(work.resolve("culprit.db"))) {
            JournalFixture.Attempt a = JournalFixture.bisect(store, Path.of(args[0]), args[1], work, "w", args[3],
                    args[4], Integer.parseInt(args[5]), false, b -> b, r -> r);
            AtomicFiles.write(Path.of(args[6]), JournalFixture.facts(a.result()));
        }
        System.exit(0);
    }
}
