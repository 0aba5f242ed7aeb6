package dev.culprit.bisect;

import dev.culprit.build.BuildResult;
import dev.culprit.report.CrashType;
import dev.culprit.report.Report;
import dev.culprit.run.RunOutcome;
import dev.culprit.testing.TestRepo;
import dev.culprit.vcs.CommitGraph;
import dev.culprit.vcs.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PruningTest {
    @TempDir
    Path tmp;

    private static final TargetCrash TARGET = TargetCrash.named("AddressSanitizer: heap-use-after-free in f");
    private static final RunOutcome CRASH = new RunOutcome.Crashed(
            Report.synthetic("AddressSanitizer: heap-use-after-free in f", CrashType.SANITIZER), Duration.ZERO,
            Optional.empty());
    private static final RunOutcome OK = new RunOutcome.Ok(Duration.ZERO, Optional.empty());

    /** m (merge of c2 and s1) -> c2 -> c1 -> g; s1 -> c1. */
    private static CommitGraph merged() {
        return CommitGraph.of(List.of("m", "s1", "c2", "c1"),
                List.of(List.of("c2", "s1"), List.of("c1"), List.of("c1"), List.of("g")));
    }

    @Test
    void aCommitTouchingNoRelevantPathIsIrrelevant() {
        Predicate<String> relevant = p -> p.endsWith(".c");
        Map<String, List<String>> changed = Map.of(
                "m", List.of("drivers/a.c"),        // the merge brings in s1's relevant change
                "s1", List.of("drivers/a.c", "Documentation/a.rst"),
                "c2", List.of("Documentation/b.rst"),
                "c1", List.of());                   // an empty commit changes nothing
        assertThat(Pruning.irrelevant(merged(), changed, relevant)).containsExactlyInAnyOrder("c2", "c1");
        // A merge whose sides bring nothing relevant (relative to the first parent) is irrelevant.
        assertThat(Pruning.irrelevant(merged(), Map.of("m", List.of("README"), "s1", List.of("a.c")), relevant))
                .containsExactly("m");
        // Unknown changes: relevant.
        assertThat(Pruning.irrelevant(merged(), Map.of(), relevant)).isEmpty();
    }

    @Test
    void logLineUsesThousandsSeparators() {
        assertThat(Pruning.logLine(4213, 6798)).isEqualTo("pruned 4,213 of 6,798 commits that cannot change the binary");
    }

    /** c3 (tip) -> c2 -> c1 -> c0 -> g. */
    private static BayesStrategy strategy(Evidence e) {
        BayesStrategy s = new BayesStrategy(10, 0.95);
        s.begin(new SearchSpace(CommitGraph.of(List.of("c3", "c2", "c1", "c0"),
                List.of(List.of("c2"), List.of("c1"), List.of("c0"), List.of("g"))), Mode.CAUSE, "c3", List.of("g"),
                Set.of("g"), e));
        return s;
    }

    private static void runs(Evidence e, String commit, RunOutcome... outcomes) {
        TestedCommit tc = e.recordBuild(commit, Phase.SEARCH, new BuildResult(commit, true, Optional.empty(),
                Duration.ZERO, "", Optional.empty()));
        for (RunOutcome o : outcomes) {
            tc.addRun(o, TARGET.classify(o));
        }
    }

    @Test
    void bayesGivesPrunedCommitsNoMassAndNeverTestsThem() {
        Evidence e = new Evidence();
        runs(e, "c3", CRASH, CRASH);
        Evidence untouched = new Evidence();
        runs(untouched, "c3", CRASH, CRASH);
        BayesStrategy plain = strategy(untouched);
        BayesStrategy pruned = strategy(e);
        assertThat(pruned.prune(Set.of("c2", "c1", "elsewhere"))).isTrue();
        double[] post = pruned.posterior(); // c3, c2, c1, c0, outside
        assertThat(post[1]).isZero();
        assertThat(post[2]).isZero();
        // The remaining commits share the prior of the range: c3 and c0 get 0.45 each, outside 0.1.
        double[] before = plain.posterior();
        assertThat(post[0] / post[4]).isCloseTo(2 * before[0] / before[4], within(1e-9));
        for (int i = 0; i < 20; i++) {
            Decision d = pruned.next(2);
            if (!(d instanceof Decision.Test t)) {
                break;
            }
            assertThat(t.commits()).doesNotContain("c2", "c1");
            for (String c : t.commits()) {
                runs(e, c, OK, OK, OK, OK, OK);
                pruned.recorded(e.get(c));
            }
        }
        Decision end = pruned.next(1);
        assertThat(end).isInstanceOf(Decision.Conclude.class);
        Conclusion c = ((Decision.Conclude) end).conclusion();
        assertThat(c.candidates()).extracting(Candidate::hash).doesNotContain("c2", "c1");
        // Without pruning nothing changes; pruning everything is refused.
        assertThat(plain.prune(Set.of())).isTrue();
        assertThat(plain.posterior()).containsExactly(before, within(1e-15));
        assertThat(plain.prune(Set.of("c3", "c2", "c1", "c0"))).isFalse();
        assertThat(plain.posterior()).containsExactly(before, within(1e-15));
    }

    @Test
    void theGoodEndGetsMoreRunsWhenOnlyPrunedCommitsSeparateItFromTheAnswer() {
        // c2 -> c1 -> c0 (pruned) -> g: c1 holds 0.97 but "already there at g" rests on one OK run there.
        Evidence e = new Evidence();
        runs(e, "c2", CRASH, CRASH, CRASH);
        runs(e, "c1", CRASH, CRASH, CRASH);
        TestedCommit good = e.recordBuild("g", Phase.ENDPOINT, new BuildResult("g", true, Optional.empty(),
                Duration.ZERO, "", Optional.empty()));
        good.addRun(OK, TARGET.classify(OK));
        BayesStrategy s = new BayesStrategy(10, 0.95);
        s.begin(new SearchSpace(CommitGraph.of(List.of("c2", "c1", "c0"),
                List.of(List.of("c1"), List.of("c0"), List.of("g"))), Mode.CAUSE, "c2", List.of("g"), Set.of("g"), e));
        s.prune(Set.of("c0"));
        double[] post = s.posterior();
        assertThat(post[1]).isGreaterThan(0.95);
        assertThat(post[3]).isBetween(0.01, 0.05);
        Decision d = s.next(1);
        assertThat(d).isInstanceOf(Decision.Test.class);
        assertThat(((Decision.Test) d).commits()).containsExactly("g");
        // Once the good end is clean beyond doubt, c1 is named.
        for (int i = 0; i < 6; i++) {
            good.addRun(OK, TARGET.classify(OK));
        }
        assertThat(s.next(1)).isInstanceOf(Decision.Conclude.class);
    }

    @Test
    void oneGitLogForTheRangeEqualsOneDiffTreePerCommit() {
        TestRepo.Imported repo = TestRepo.create(tmp.resolve("dag"), TestRepo.randomDag(new Random(7), 400, 0.2));
        Git git = Git.open(repo.dir());
        String newEnd = git.resolve("main");
        String old = repo.hash("c40");
        CommitGraph graph = git.graph(newEnd, List.of(old));
        long t0 = System.nanoTime();
        Map<String, List<String>> all = git.changedFilesInRange(newEnd, List.of(old));
        long t1 = System.nanoTime();
        int merges = 0;
        for (int i = 0; i < graph.size(); i++) {
            String h = graph.hash(i);
            assertThat(all.get(h)).as(h).isEqualTo(git.changedFiles(h));
            merges += graph.isMerge(i) ? 1 : 0;
        }
        long t2 = System.nanoTime();
        assertThat(all.keySet()).isEqualTo(new HashSet<>(hashes(graph)));
        assertThat(merges).isPositive();
        System.out.printf("changed files of %d commits (%d merges): one git log %d ms, one diff-tree each %d ms%n",
                graph.size(), merges, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }

    @Test
    void prunerReadsTheRangeOnceAndFollowsTheRule() {
        CommitGraph g = merged();
        SearchSpace space = new SearchSpace(g, Mode.CAUSE, "m", List.of("g"), Set.of("g"), new Evidence());
        AtomicInteger reads = new AtomicInteger();
        Map<String, List<String>> changed = Map.of("m", List.of("a.c"), "s1", List.of("a.c"), "c2", List.of("b.c"),
                "c1", List.of("doc"));
        Predicate<String> onlyA = p -> p.equals("a.c");
        Predicate<String> aAndB = p -> p.equals("a.c") || p.equals("b.c");
        List<Optional<Predicate<String>>> rule = new ArrayList<>(List.of(Optional.empty()));
        PruningByPaths pruner = new PruningByPaths((n, o) -> {
            reads.incrementAndGet();
            return changed;
        }, () -> rule.get(0));
        assertThat(pruner.irrelevant(space, null)).isEmpty();
        rule.set(0, Optional.of(onlyA));
        assertThat(pruner.irrelevant(space, null)).contains(Set.of("c2", "c1"));
        rule.set(0, Optional.of(aAndB));
        assertThat(pruner.irrelevant(space, null)).contains(Set.of("c1"));
        assertThat(reads.get()).isEqualTo(1);
    }

    private static List<String> hashes(CommitGraph g) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < g.size(); i++) {
            out.add(g.hash(i));
        }
        return out;
    }
}
