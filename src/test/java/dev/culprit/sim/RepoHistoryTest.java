package dev.culprit.sim;

import dev.culprit.testing.TestRepo;
import dev.culprit.vcs.CommitGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Scenarios on histories loaded from real git repositories ({@code dag.repo}). */
class RepoHistoryTest {
    private static final String TARGET = "\"target\": {\"titles\": [\"KASAN: use-after-free Read in repo_test\"],"
            + " \"p\": 1.0}";

    private static Scenario scenario(Path repo, String extra) {
        return Scenario.parse("{\"name\": \"repo\", \"dag\": {\"repo\": \"" + repo + "\"}, " + TARGET + extra + "}",
                "test");
    }

    private static SimDag generated() {
        return DagGenerator.generate(new Scenario.Dag(80, 3, 10, null, null, 6, null, null), 5);
    }

    @Test
    void aWrittenHistoryLoadsBackWithTheSameShape(@TempDir Path tmp) {
        SimDag gen = generated();
        SimRepo.Written w = SimRepo.write(gen, tmp.resolve("repo.git"));
        SimDag loaded = new Simulation().dag(scenario(w.dir(), ""), 1);

        assertThat(loaded.size()).isEqualTo(gen.size());
        CommitGraph lg = loaded.graph();
        for (int c = 0; c < gen.size(); c++) {
            // git lists the commits in the generated order: same indexes, same parents, same creation order
            assertThat(lg.hash(c)).isEqualTo(w.hash(c));
            List<String> want = new ArrayList<>();
            for (String p : gen.graph().parentHashes(c)) {
                want.add(w.hash(gen.graph().indexOf(p)));
            }
            assertThat(lg.parentHashes(c)).isEqualTo(want);
            assertThat(loaded.order(c)).isEqualTo(gen.order(c));
            assertThat(loaded.mainline(c)).isEqualTo(gen.mainline(c));
            assertThat(loaded.cycle(c)).isEqualTo(gen.cycle(c));
            assertThat(loaded.tagsAt(c)).containsExactlyInAnyOrderElementsOf(gen.tagsAt(c));
        }
        assertThat(loaded.cycles()).isEqualTo(gen.cycles());
        assertThat(loaded.boundary(0)).isEqualTo(gen.boundary(0));
        assertThat(loaded.subject(5)).isEqualTo(gen.subject(5));
    }

    @Test
    void theTruthIsPlacedOnTheRepositoryAndBothStrategiesFindIt(@TempDir Path tmp) {
        SimRepo.Written w = SimRepo.write(generated(), tmp.resolve("repo.git"));
        Scenario s = scenario(w.dir(), ", \"unrelated\": [{\"titles\": [\"WARNING in other_bug\"], \"p\": 0.3,"
                + " \"culprit\": {\"cycle\": 1}}], \"noopNearTarget\": {}");
        Simulation sim = new Simulation();
        for (int i = 0; i < 3; i++) {
            long seed = Simulation.trialSeed(9, i);
            World world = World.draw(s, sim.dag(s, seed), World.mix(seed, 2));
            SimDag dag = world.dag();
            int culprit = world.target().culprit();
            // as the scenario says: a non-merge of the newest cycle, present at the tip, absent at the release
            assertThat(dag.cycle(culprit)).isZero();
            assertThat(dag.graph().isMerge(culprit)).isFalse();
            assertThat(world.targetPresent(dag.tip())).isTrue();
            assertThat(world.targetPresent(dag.boundary(0))).isFalse();
            assertThat(dag.cycle(world.unrelated().get(0).culprit())).isEqualTo(1);
            for (String strategy : List.of("bayes", "classic")) {
                Trial t = sim.trial(s, strategy, i, 9, line -> { });
                assertThat(t.truth()).isEqualTo(dag.hash(culprit)).isIn(List.of(w.hashes()));
                if (strategy.equals("bayes")) {
                    // classic counts the unrelated crash as bad: that is its known weakness, not the loader's
                    assertThat(t.right()).as(strategy + " trial " + i + ": " + t).isTrue();
                }
            }
        }
    }

    @Test
    void aRepositoryWithoutReleaseTagsAndWithClockSkewStillWorks(@TempDir Path tmp) {
        // A hand-made history: a topic branch whose commits carry dates older than their parent's, no tags.
        TestRepo.History h = TestRepo.randomDag(new Random(3), 60, 0.3);
        TestRepo.History skewed = new TestRepo.History();
        Instant t0 = TestRepo.EPOCH;
        int i = 0;
        for (TestRepo.CommitSpec c : h.commits()) {
            Instant t = i % 7 == 3 ? t0.minusSeconds(3600L * i) : t0.plusSeconds(60L * i);
            skewed.commit(new TestRepo.CommitSpec(c.id(), c.parents(), c.message(), null, t, c.files()));
            i++;
        }
        String top = h.commits().get(h.commits().size() - 1).id();
        skewed.branch("main", top);
        TestRepo.Imported repo = TestRepo.create(tmp.resolve("skewed"), skewed);

        Scenario s = scenario(repo.dir(), ", \"good\": \"given\"");
        Simulation sim = new Simulation();
        SimDag dag = sim.dag(s, 1);
        assertThat(dag.size()).isEqualTo(h.commits().size());
        assertThat(dag.cycles()).isEqualTo(1);
        for (int c = 0; c < dag.size(); c++) {
            for (int p : dag.graph().parents(c)) {
                assertThat(dag.order(p)).as("parents come first in creation order").isLessThan(dag.order(c));
            }
        }
        assertThat(dag.hash(dag.tip())).isEqualTo(repo.hash(top));
        for (int k = 0; k < 4; k++) {
            Trial t = sim.trial(s, "bayes", k, 2, line -> { });
            assertThat(t.right()).as(t.toString()).isTrue();
            assertThat(repo.hashes().values()).contains(t.truth());
        }
    }

    @Test
    void aMissingRepositoryIsBadInput(@TempDir Path tmp) {
        Scenario s = scenario(tmp.resolve("nope"), "");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Simulation().dag(s, 1))
                .isInstanceOf(dev.culprit.common.BadInputException.class)
                .hasMessageContaining("not a git repository");
    }
}
