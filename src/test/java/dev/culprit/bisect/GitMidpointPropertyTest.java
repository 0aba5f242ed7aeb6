package dev.culprit.bisect;

import dev.culprit.testing.TestRepo;
import dev.culprit.vcs.CommitGraph;
import dev.culprit.vcs.Git;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The classic midpoint is git's own: compared with {@code git rev-list --bisect-vars} on random DAGs. */
class GitMidpointPropertyTest {

    @Property(tries = 40)
    void sameChoiceAsGit(@ForAll @IntRange(min = 2, max = 220) int commits,
                         @ForAll @IntRange(min = 0, max = 40) int mergePercent,
                         @ForAll long seed) throws IOException {
        Path dir = Files.createTempDirectory("culprit-midpoint");
        try {
            Random random = new Random(seed);
            TestRepo.Imported repo = TestRepo.create(dir.resolve("repo"),
                    TestRepo.randomDag(random, commits, mergePercent / 100.0));
            Git git = Git.open(repo.dir());
            String bad = git.resolve("main");
            // The good end: the root, or another commit that bad descends from.
            String good = repo.hash("c" + random.nextInt(Math.max(1, commits / 3)));
            if (good.equals(bad) || !git.isAncestor(good, bad)) {
                return;
            }
            CommitGraph graph = git.graph(bad, List.of(good));
            GitMidpoint midpoint = new GitMidpoint(graph);
            BitSet range = new BitSet();
            range.set(0, graph.size());
            GitMidpoint.Choice ours = midpoint.best(range);

            Map<String, String> vars = bisectVars(repo.repo(), bad, good);
            assertThat(graph.hash(ours.commit())).isEqualTo(vars.get("bisect_rev"));
            // rev-list reports the larger side left after the test, minus the commit tested.
            int larger = Math.max(ours.all() - ours.reaches(), ours.reaches());
            assertThat(larger - 1).isEqualTo(Integer.parseInt(vars.get("bisect_nr")));
            assertThat(GitMidpoint.estimateSteps(ours.all())).isEqualTo(Integer.parseInt(vars.get("bisect_steps")));
        } finally {
            deleteTree(dir);
        }
    }

    /** Above 1024 commits git accepts "within 0.1 % of halfway" and stops early: the order must match. */
    @Property(tries = 4)
    void sameChoiceAsGitOnLargeDags(@ForAll @IntRange(min = 1100, max = 3000) int commits,
                                    @ForAll @IntRange(min = 5, max = 30) int mergePercent,
                                    @ForAll long seed) throws IOException {
        sameChoiceAsGit(commits, mergePercent, seed);
    }

    private static Map<String, String> bisectVars(TestRepo repo, String bad, String good) {
        Map<String, String> vars = new HashMap<>();
        for (String line : repo.git("rev-list", "--bisect-vars", bad, "^" + good).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                vars.put(line.substring(0, eq), line.substring(eq + 1).replace("'", ""));
            }
        }
        return vars;
    }

    static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
