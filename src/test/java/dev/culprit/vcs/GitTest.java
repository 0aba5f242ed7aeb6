package dev.culprit.vcs;

import dev.culprit.common.BadInputException;
import dev.culprit.common.InfraException;
import dev.culprit.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GitTest {
    @TempDir
    Path tmp;

    // ---- open / resolve -----------------------------------------------------------------------------------

    @Test
    void openRefusesWhatIsNotARepository() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        assertThatThrownBy(() -> Git.open(plain))
                .isInstanceOf(BadInputException.class)
                .hasMessage("not a git repository: " + plain);
        Path missing = tmp.resolve("missing");
        assertThatThrownBy(() -> Git.open(missing))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("not a git repository: " + missing);
    }

    @Test
    void openFromASubdirectoryFindsTheTop() {
        TestRepo repo = TestRepo.init(tmp.resolve("r"));
        repo.commit("a", Map.of("src/deep/a.c", "a\n"));
        Git git = Git.open(repo.dir().resolve("src/deep"));
        assertThat(git.root()).isEqualTo(repo.dir());
        assertThat(git.isBare()).isFalse();
        assertThat(git.commonDir()).isEqualTo(repo.dir().resolve(".git"));
    }

    @Test
    void resolveGivesFullHashesOfCommits() {
        TestRepo repo = TestRepo.init(tmp.resolve("r"));
        String a = repo.commit("a", Map.of("a", "1\n"));
        String b = repo.commit("b", Map.of("a", "2\n"));
        repo.tag("light", a);
        repo.annotatedTag("v1.0", b, "release");
        Git git = Git.open(repo.dir());

        assertThat(git.resolve("main")).isEqualTo(b);
        assertThat(git.resolve("HEAD~1")).isEqualTo(a);
        assertThat(git.resolve(a.substring(0, 10))).isEqualTo(a);
        assertThat(git.resolve("light")).isEqualTo(a);
        assertThat(git.resolve("v1.0")).as("annotated tags are peeled").isEqualTo(b);
        assertThat(git.head()).isEqualTo(b);
    }

    @Test
    void resolveRefusesUnknownAndOptionLikeRevisions() {
        TestRepo repo = TestRepo.init(tmp.resolve("r"));
        repo.commit("a", Map.of("a", "1\n"));
        Git git = Git.open(repo.dir());

        assertThatThrownBy(() -> git.resolve("no-such-branch"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("unknown revision 'no-such-branch'");
        assertThatThrownBy(() -> git.resolve("0123456789abcdef0123456789abcdef01234567"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("unknown revision");
        assertThatThrownBy(() -> git.resolve("HEAD^{tree}"))
                .as("a tree is not a commit")
                .isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> git.resolve("main..HEAD")).isInstanceOf(BadInputException.class);
        for (String option : List.of("--all", "-h", "--output=/tmp/x")) {
            assertThatThrownBy(() -> git.resolve(option))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("must not start with '-'");
        }
        assertThatThrownBy(() -> git.resolve("")).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> git.isAncestor("--all", "HEAD")).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> git.graph("HEAD", List.of("-x"))).isInstanceOf(BadInputException.class);
    }

    // ---- ancestry and graph -------------------------------------------------------------------------------

    @Test
    void isAncestorFollowsTheDag() {
        TestRepo repo = TestRepo.init(tmp.resolve("r"));
        String a = repo.commit("a");
        repo.branch("side");
        String b = repo.commit("b");
        repo.checkout("side");
        String c = repo.commit("c");
        repo.checkout("main");
        String m = repo.merge("m", "side");
        Git git = Git.open(repo.dir());

        assertThat(git.isAncestor(a, m)).isTrue();
        assertThat(git.isAncestor(c, m)).isTrue();
        assertThat(git.isAncestor(a, a)).isTrue();
        assertThat(git.isAncestor(m, a)).isFalse();
        assertThat(git.isAncestor(b, c)).isFalse();
        assertThatThrownBy(() -> git.isAncestor("0123456789abcdef0123456789abcdef01234567", m))
                .isInstanceOf(InfraException.class);
    }

    @Test
    void graphIsExactlyWhatRevListPrints() {
        for (long seed = 1; seed <= 5; seed++) {
            TestRepo.Imported imp = TestRepo.create(tmp.resolve("dag" + seed),
                    TestRepo.randomDag(new Random(seed), 300, 0.25));
            Git git = Git.open(imp.dir());
            String newEnd = imp.hash("c250");
            List<String> oldEnds = List.of(imp.hash("c20"), imp.hash("c77"));

            CommitGraph graph = git.graph(newEnd, oldEnds);

            String expected = imp.repo().git("rev-list", "--parents", newEnd, "^" + oldEnds.get(0),
                    "^" + oldEnds.get(1));
            List<String> lines = expected.lines().toList();
            assertThat(graph.size()).isEqualTo(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                String[] f = lines.get(i).split(" ");
                assertThat(graph.hash(i)).isEqualTo(f[0]);
                assertThat(graph.parentHashes(i)).containsExactly(List.of(f).subList(1, f.length).toArray(String[]::new));
            }
            assertThat(graph.contains(oldEnds.get(0))).isFalse();
            assertThat(graph.indexOf(newEnd)).isZero();
            boolean anyMerge = false;
            for (int i = 0; i < graph.size(); i++) {
                anyMerge |= graph.isMerge(i);
            }
            assertThat(anyMerge).as("seed %d has merges in range", seed).isTrue();
        }
    }

    @Test
    void graphKeepsGitsDateOrderNotTopoOrder() {
        // A side branch whose commits are dated in between the main line's: date order interleaves them,
        // --topo-order would not. The engine must see git's own (default) order.
        TestRepo.History h = new TestRepo.History()
                .commit(spec("base", List.of(), 0))
                .commit(spec("m1", List.of("base"), 10))
                .commit(spec("s1", List.of("base"), 20))
                .commit(spec("m2", List.of("m1"), 30))
                .commit(spec("s2", List.of("s1"), 40))
                .commit(spec("merge", List.of("m2", "s2"), 50))
                .branch("main", "merge");
        TestRepo.Imported imp = TestRepo.create(tmp.resolve("order"), h);
        Git git = Git.open(imp.dir());
        CommitGraph graph = git.graph(imp.hash("merge"), List.of(imp.hash("base")));
        List<String> order = new ArrayList<>();
        for (int i = 0; i < graph.size(); i++) {
            order.add(graph.hash(i));
        }
        assertThat(order).containsExactly(imp.hash("merge"), imp.hash("s2"), imp.hash("m2"), imp.hash("s1"),
                imp.hash("m1"));
        String topo = imp.repo().git("rev-list", "--topo-order", imp.hash("merge"), "^" + imp.hash("base"));
        assertThat(topo.lines().toList()).isNotEqualTo(order);
    }

    private static TestRepo.CommitSpec spec(String id, List<String> parents, int minutes) {
        return new TestRepo.CommitSpec(id, parents, id, null, TestRepo.EPOCH.plusSeconds(60L * minutes),
                Map.of(id + ".txt", id + "\n"));
    }

    // ---- tags ----------------------------------------------------------------------------------------------

    @Test
    void tagsMergedListsAncestorTagsWithTheirCommits() {
        TestRepo repo = TestRepo.init(tmp.resolve("r"));
        String a = repo.commit("a");
        repo.tag("v1.0");
        String b = repo.commit("b");
        repo.annotatedTag("v1.1", b, "release 1.1");
        repo.tag("not-a-release", b);
        String c = repo.commit("c");
        repo.tag("v1.2", c);
        repo.branch("side", a);
        repo.checkout("side");
        String s = repo.commit("s");
        repo.tag("v9.0", s);
        repo.checkout("main");
        Git git = Git.open(repo.dir());

        assertThat(git.tagsMerged(c, "v*")).containsExactlyInAnyOrder(
                new Git.Tag("v1.0", a), new Git.Tag("v1.1", b), new Git.Tag("v1.2", c));
        assertThat(git.tagsMerged(b, "v*")).containsExactlyInAnyOrder(
                new Git.Tag("v1.0", a), new Git.Tag("v1.1", b));
        assertThat(git.tagsMerged(s, "v*")).containsExactlyInAnyOrder(
                new Git.Tag("v1.0", a), new Git.Tag("v9.0", s));
        assertThat(git.tagsMerged(c, "*")).hasSize(4);
        assertThat(git.tagsMerged(c, "release-*")).isEmpty();
        assertThatThrownBy(() -> git.tagsMerged(c, "--contains")).isInstanceOf(BadInputException.class);
    }

    // ---- commit info ---------------------------------------------------------------------------------------

    @Test
    void infoReadsAuthorMessageParentsAndTrailers() {
        TestRepo repo = TestRepo.init(tmp.resolve("r"));
        String root = repo.commit("root", Map.of("a", "1\n"));
        String message = "lockdep: report broken irq restoration\n\n"
                + "We generally expect local_irq_save() and local_irq_restore() to be\npaired.\n\n"
                + "Reported-by: syzbot+abc@syzkaller.appspotmail.com\n"
                + "Signed-off-by: Mark Rutland <mark.rutland@arm.com>\n"
                + "Reviewed-by: Someone Else <else@example.org>\n"
                + "Link: https://lkml.kernel.org/r/x@arm.com\n"
                + "Signed-off-by: Peter Zijlstra (Intel) <peterz@infradead.org>\n"
                + "Acked-by: Mark Rutland <mark.rutland@arm.com>\n";
        String c = repo.commit(message, Map.of("a", "2\n"), "Mark Rutland", "mark.rutland@arm.com");
        Git git = Git.open(repo.dir());

        CommitInfo info = git.info(c);
        assertThat(info.hash()).isEqualTo(c);
        assertThat(info.authorName()).isEqualTo("Mark Rutland");
        assertThat(info.authorEmail()).isEqualTo("mark.rutland@arm.com");
        assertThat(info.authorDate()).isEqualTo("Mon Jan 11 15:38:07 2021 +0000");
        assertThat(info.commitTime()).isEqualTo(TestRepo.EPOCH.plusSeconds(60));
        assertThat(info.subject()).isEqualTo("lockdep: report broken irq restoration");
        assertThat(info.message()).isEqualTo(message.stripTrailing());
        assertThat(info.parents()).containsExactly(root);
        assertThat(info.trailerEmails()).containsExactly("syzbot+abc@syzkaller.appspotmail.com",
                "mark.rutland@arm.com", "else@example.org", "peterz@infradead.org");
        assertThat(git.info(root).parents()).isEmpty();
        assertThat(git.info(root).isRoot()).isTrue();
        assertThat(git.info(root).trailerEmails()).isEmpty();
    }

    @Test
    void changedFilesAgainstFirstParentOrWholeTreeForRoot() {
        TestRepo repo = TestRepo.init(tmp.resolve("r"));
        String root = repo.commit("root", Map.of("a.c", "a\n", "dir/b.c", "b\n"));
        repo.branch("side");
        String change = repo.commit("change", TestRepo.files("a.c", "a2\n", "dir/b.c", null, "new file.c", "n\n"));
        repo.checkout("side");
        repo.commit("side", Map.of("side.c", "s\n", "dir/x.c", "x\n"));
        repo.checkout("main");
        String merge = repo.merge("merge side", "side");
        Git git = Git.open(repo.dir());

        assertThat(git.changedFiles(root)).containsExactly("a.c", "dir/b.c");
        assertThat(git.changedFiles(change)).containsExactlyInAnyOrder("a.c", "dir/b.c", "new file.c");
        assertThat(git.changedFiles(merge)).containsExactlyInAnyOrder("side.c", "dir/x.c");
    }

    // ---- describeCulprit: what git bisect itself prints ------------------------------------------------------

    @Test
    void describeCulpritOfAnOrdinaryCommitMatchesGitBisect() {
        TestRepo repo = TestRepo.init(tmp.resolve("r"));
        String good = repo.commit("base", Map.of("kernel/locking/Makefile", "obj-y += a.o\n", "old.c", "x\n"));
        repo.commit("unrelated", Map.of("README", "hello\n"));
        String culprit = repo.commit("lockdep: report broken irq restoration\n\n"
                        + "We generally expect local_irq_save() and local_irq_restore() to be\n"
                        + "paired and sanely nested.\n\n"
                        + "    | local_irq_disable();\n\n"
                        + "Signed-off-by: Mark Rutland <mark.rutland@arm.com>\n",
                TestRepo.files("kernel/locking/Makefile", "obj-y += a.o\nobj-y += irqflag-debug.o\n",
                        "kernel/locking/irqflag-debug.c", "// new\nint x;\n", "old.c", null),
                "Mark Rutland", "mark.rutland@arm.com");
        String after = repo.commit("after", Map.of("README", "hello again\n"));
        Git git = Git.open(repo.dir());

        String text = git.describeCulprit(culprit);
        assertThat(text).startsWith("commit " + culprit + "\nAuthor: Mark Rutland <mark.rutland@arm.com>\n"
                + "Date:   Mon Jan 11 15:39:07 2021 +0000\n\n    lockdep: report broken irq restoration\n");
        assertThat(text).contains(" 3 files changed, 3 insertions(+), 1 deletion(-)\n"
                + " create mode 100644 kernel/locking/irqflag-debug.c\n delete mode 100644 old.c");
        assertThat(text).isEqualTo(gitBisectSays(repo, after, good, Set.of(culprit, after)));
    }

    @Test
    void describeCulpritOfAMergeShowsTheStatAgainstTheFirstParent() {
        TestRepo repo = TestRepo.init(tmp.resolve("r"));
        String good = repo.commit("base", Map.of("a.c", "a\n"));
        repo.branch("side");
        repo.commit("main work", Map.of("main.c", "m\n"));
        repo.checkout("side");
        repo.commit("side work 1", Map.of("side1.c", "1\n"));
        repo.commit("side work 2", Map.of("side2.c", "2\n2\n"));
        repo.checkout("main");
        String merge = repo.merge("Merge branch 'side'", "side");
        Git git = Git.open(repo.dir());

        String text = git.describeCulprit(merge);
        assertThat(text).startsWith("commit " + merge + "\nMerge: ");
        assertThat(text).contains(" side1.c | 1 +\n side2.c | 2 ++\n 2 files changed, 3 insertions(+)");
        assertThat(text).isEqualTo(gitBisectSays(repo, merge, good, Set.of(merge)));
    }

    @Test
    void describeCulpritOfARootCommitShowsItsWholeTree() {
        TestRepo repo = TestRepo.init(tmp.resolve("r"));
        String good = repo.commit("first root", Map.of("a.c", "a\n"));
        git(repo, "checkout", "-q", "--orphan", "other");
        git(repo, "rm", "-q", "-rf", ".");
        String otherRoot = repo.commit("second root", Map.of("b.c", "b\nb\n", "lib/c.c", "c\n"));
        repo.checkout("main");
        String merge = repo.merge("join histories", "--allow-unrelated-histories", "other");
        Git git = Git.open(repo.dir());

        String text = git.describeCulprit(otherRoot);
        assertThat(text).startsWith("commit " + otherRoot + "\nAuthor: ");
        assertThat(text).endsWith(" b.c     | 2 ++\n lib/c.c | 1 +\n 2 files changed, 3 insertions(+)\n"
                + " create mode 100644 b.c\n create mode 100644 lib/c.c");
        // git bisect itself (2.39) prints nothing after "is the first bad commit" for a root commit; what it
        // prints for any other commit is git show's text, so compare with that.
        assertThat(gitBisectSays(repo, merge, good, Set.of(otherRoot, merge))).isIn("", text);
        assertThat(text).isEqualTo(repo.git("show", "--stat", "--summary", "--no-abbrev-commit", otherRoot)
                .stripTrailing());
    }

    private static void git(TestRepo repo, String... args) {
        repo.git(args);
    }

    /**
     * Runs a real {@code git bisect} in a clone (never in the repository under test) answering "bad" for the
     * commits in {@code bad}, and returns what git printed after "&lt;hash&gt; is the first bad commit".
     */
    private String gitBisectSays(TestRepo repo, String badEnd, String goodEnd, Set<String> bad) {
        Path cloneDir = tmp.resolve("bisect-clone-" + badEnd.substring(0, 8));
        repo.git("clone", "-q", "--no-checkout", repo.dir().toString(), cloneDir.toString());
        TestRepo clone = TestRepo.at(cloneDir);
        clone.git("checkout", "-q", "--detach", badEnd);
        String out = clone.git("bisect", "start", badEnd, goodEnd);
        for (int step = 0; step < 50; step++) {
            String marker = " is the first bad commit\n";
            int at = out.indexOf(marker);
            if (at >= 0) {
                return out.substring(at + marker.length()).stripTrailing();
            }
            String current = clone.resolve("HEAD");
            out = clone.git("bisect", bad.contains(current) ? "bad" : "good");
        }
        throw new AssertionError("git bisect did not finish: " + out);
    }
}
