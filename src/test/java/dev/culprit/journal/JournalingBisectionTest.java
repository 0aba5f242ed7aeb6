package dev.culprit.journal;

import dev.culprit.bisect.Outcome;
import dev.culprit.build.BuildResult;
import dev.culprit.build.Builder;
import dev.culprit.common.InfraException;
import dev.culprit.run.Runner;
import dev.culprit.store.BisectionState;
import dev.culprit.store.SqliteStore;
import dev.culprit.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decorators driving a real bisection: resume repeats nothing and decides the same. */
class JournalingBisectionTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondRunWithTheSameSpecResumesAndRepeatsNothing() {
        JournalFixture f = new JournalFixture(tmp, 12, 7, 60);
        try (Store store = SqliteStore.open(f.work.resolve("culprit.db"))) {
            JournalFixture.Attempt first = f.bisect(store, 8);
            assertThat(first.result().outcome()).isEqualTo(Outcome.FOUND);
            assertThat(first.result().culprits().get(0).hash()).isEqualTo(f.repo.hash("c7"));
            assertThat(first.resumed()).isFalse();
            assertThat(first.stats().buildsDone()).isEqualTo(first.result().builds());
            assertThat(first.stats().runsDone()).isEqualTo(first.result().runs());
            assertThat(store.runs(first.bisectionId())).hasSize(first.result().runs());
            assertThat(store.decisions(first.bisectionId())).isNotEmpty();
            assertThat(store.bisection(first.bisectionId()).orElseThrow().state()).isEqualTo(BisectionState.DONE);

            JournalFixture.Attempt again = f.bisect(store, 8);
            assertThat(again.bisectionId()).isEqualTo(first.bisectionId());
            assertThat(again.log().get(0)).isEqualTo("resuming bisection " + first.bisectionId() + ": "
                    + store.builds(first.bisectionId()).size() + " builds and " + first.result().runs()
                    + " runs reused");
            assertThat(again.stats().buildsDone()).isZero();
            assertThat(again.stats().runsDone()).isZero();
            assertThat(again.stats().rebuilds()).isZero();
            assertThat(JournalFixture.facts(again.result())).isEqualTo(JournalFixture.facts(first.result()));
            assertThat(store.log(first.bisectionId())).isEqualTo(again.log());
        }
    }

    @Test
    void aBisectionKilledMidRunsResumesWithoutRepeatingAFinishedRun() {
        JournalFixture f = new JournalFixture(tmp, 12, 5, 70);
        JournalFixture reference = new JournalFixture(tmp.resolve("ref"), 12, 5, 70);
        String expected;
        try (Store store = SqliteStore.open(reference.work.resolve("culprit.db"))) {
            expected = JournalFixture.facts(reference.bisect(store, 6).result());
        }
        try (Store store = SqliteStore.open(f.work.resolve("culprit.db"))) {
            AtomicInteger realRuns = new AtomicInteger();
            AtomicInteger realBuilds = new AtomicInteger();
            // "Dies" after 9 runs, in the middle of a commit's runs.
            assertThatThrownBy(() -> f.bisect(store, 6, false, countingBuilds(realBuilds),
                    dying(realRuns, 9))).isInstanceOf(InfraException.class);
            assertThat(store.runs(1)).hasSize(9);
            JournalFixture.Attempt resumed = f.bisect(store, 6, false, countingBuilds(realBuilds),
                    counting(realRuns));
            assertThat(resumed.resumed()).isTrue();
            assertThat(JournalFixture.facts(resumed.result())).isEqualTo(expected);
            assertThat(resumed.stats().runsFromJournal()).isEqualTo(9);
            // Every run was done exactly once over both attempts (the one that "died" never finished).
            assertThat(realRuns.get()).isEqualTo(resumed.result().runs() + 1);
            assertThat(store.runs(resumed.bisectionId())).hasSize(resumed.result().runs());
            // The build whose runs were cut short was restored from the artifact cache, not built again.
            assertThat(resumed.stats().rebuilds()).isZero();
            assertThat(resumed.stats().restoresFromCache()).isEqualTo(1);
            assertThat(realBuilds.get()).isEqualTo(store.builds(resumed.bisectionId()).size());
            assertThat(((SqliteStore) store).integrityCheck()).containsExactly("ok");
        }
    }

    @Test
    void anotherBisectionReusesBuildsAndRunsOfTheSameTestUnlessFresh() {
        JournalFixture f = new JournalFixture(tmp, 10, 4, 100);
        try (Store store = SqliteStore.open(f.work.resolve("culprit.db"))) {
            JournalFixture.Attempt first = f.bisect(store, 4);
            JournalFixture.Attempt fresh = f.bisect(store, 4, true, b -> b, r -> r);
            assertThat(fresh.bisectionId()).isNotEqualTo(first.bisectionId());
            assertThat(fresh.stats().buildsFromOtherBisections()).isZero();
            assertThat(fresh.stats().buildsDone()).isEqualTo(fresh.result().builds());
            // A different spec (another --runs) is another bisection; same builds, same test: all reused.
            JournalFixture.Attempt other = f.bisect(store, 5);
            assertThat(other.bisectionId()).isNotIn(first.bisectionId(), fresh.bisectionId());
            assertThat(other.stats().buildsDone()).isZero();
            assertThat(other.stats().buildsFromOtherBisections()).isPositive();
            assertThat(other.stats().runsFromOtherBisections()).isPositive();
            assertThat(other.result().culprits().get(0).hash()).isEqualTo(f.repo.hash("c4"));
        }
    }

    static java.util.function.UnaryOperator<Runner> dying(AtomicInteger count, int after) {
        return real -> (BuildResult b, int i) -> {
            if (count.incrementAndGet() > after) {
                throw new InfraException("simulated death");
            }
            return real.run(b, i);
        };
    }

    static java.util.function.UnaryOperator<Runner> counting(AtomicInteger count) {
        return real -> (BuildResult b, int i) -> {
            count.incrementAndGet();
            return real.run(b, i);
        };
    }

    static java.util.function.UnaryOperator<Builder> countingBuilds(AtomicInteger count) {
        return real -> new Builder() {
            @Override
            public String toolchainId(String commit) {
                return real.toolchainId(commit);
            }

            @Override
            public BuildResult build(String commit) {
                count.incrementAndGet();
                return real.build(commit);
            }
        };
    }
}
