package dev.culprit.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TestRepoTest {
    @TempDir
    Path tmp;

    @Test
    void smallHelpersMakeTheHistoryAsked() throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("r"));
        String a = repo.commit("a", Map.of("src/x.c", "int x;\n"));
        repo.branch("side");
        String b = repo.commit("b", Map.of("y.c", "int y;\n"));
        repo.checkout("side");
        String c = repo.commit("c", Map.of("z.c", "int z;\n"));
        repo.checkout("main");
        String m = repo.merge("merge side", "side");
        repo.tag("v1.0", a);
        repo.annotatedTag("v1.1", m, "release 1.1");

        assertThat(repo.git("rev-list", "--parents", "-n1", m).strip()).isEqualTo(m + " " + b + " " + c);
        assertThat(repo.resolve("v1.1")).isEqualTo(m);
        assertThat(repo.git("symbolic-ref", "HEAD").strip()).isEqualTo("refs/heads/main");
        assertThat(repo.git("status", "--porcelain")).isEmpty();
        assertThat(Files.readString(repo.dir().resolve("z.c"))).isEqualTo("int z;\n");
        assertThat(repo.git("log", "-1", "--format=%an <%ae>|%cn", a).strip())
                .isEqualTo(TestRepo.AUTHOR_NAME + " <" + TestRepo.AUTHOR_EMAIL + ">|" + TestRepo.COMMITTER_NAME);
        // dates move forward one minute per commit, so git's date order is the order they were made in
        assertThat(repo.git("log", "--format=%s", "main").lines().toList())
                .containsExactly("merge side", "c", "b", "a");
    }

    @Test
    void fastImportBuildsDagWithMergesTagsAndBranches() {
        TestRepo.History h = new TestRepo.History()
                .commit("root", List.of(), Map.of("a.txt", "1\n", "dir/b.txt", "b\n"))
                .commit("left", List.of("root"), Map.of("a.txt", "2\n"))
                .commit("right", List.of("root"), Map.of("with space.txt", "s\n"))
                .commit("merge", List.of("left", "right"), TestRepo.files("dir/b.txt", null, "with space.txt", "s\n"))
                .commit("other-root", List.of(), Map.of("o.txt", "o\n"))
                .commit("join", List.of("merge", "other-root"), Map.of("o.txt", "o\n"))
                .tag("v1.0", "left")
                .annotatedTag("v2.0", "join")
                .branch("side", "right")
                .branch("main", "join");
        TestRepo.Imported imp = TestRepo.create(tmp.resolve("big"), h);
        TestRepo repo = imp.repo();

        assertThat(repo.git("rev-list", "--parents", "-n1", imp.hash("merge")).strip())
                .isEqualTo(imp.hash("merge") + " " + imp.hash("left") + " " + imp.hash("right"));
        assertThat(repo.git("rev-list", "--parents", "-n1", imp.hash("other-root")).strip())
                .isEqualTo(imp.hash("other-root"));
        assertThat(repo.resolve("v1.0")).isEqualTo(imp.hash("left"));
        assertThat(repo.resolve("v2.0")).isEqualTo(imp.hash("join"));
        assertThat(repo.git("cat-file", "-t", "v2.0").strip()).isEqualTo("tag");
        assertThat(repo.resolve("side")).isEqualTo(imp.hash("right"));
        assertThat(repo.git("symbolic-ref", "HEAD").strip()).isEqualTo("refs/heads/main");
        assertThat(repo.git("status", "--porcelain")).isEmpty();
        assertThat(repo.git("ls-tree", "-r", "--name-only", "main").lines().toList())
                .containsExactlyInAnyOrder("a.txt", "o.txt", "with space.txt");
        assertThat(repo.git("for-each-ref", "--format=%(refname)").lines().toList())
                .containsExactlyInAnyOrder("refs/heads/main", "refs/heads/side", "refs/tags/v1.0", "refs/tags/v2.0");
        // helpers keep working on an imported repository, later in time than the import
        String next = repo.commit("after import", Map.of("n.txt", "n\n"));
        assertThat(repo.git("rev-list", "--parents", "-n1", next).strip()).isEqualTo(next + " " + imp.hash("join"));
        assertThat(repo.git("log", "-1", "--format=%s", "main").strip()).isEqualTo("after import");
    }

    @Test
    void thousandCommitRandomDagIsQuickAndDeterministic() {
        long start = System.nanoTime();
        TestRepo.Imported a = TestRepo.create(tmp.resolve("a"), TestRepo.randomDag(new Random(7), 1000, 0.2));
        long millis = (System.nanoTime() - start) / 1_000_000;
        TestRepo.Imported b = TestRepo.create(tmp.resolve("b"), TestRepo.randomDag(new Random(7), 1000, 0.2));
        assertThat(a.hashes()).isEqualTo(b.hashes());
        assertThat(a.repo().git("rev-list", "--count", "main").strip()).isIn("1000", "1001");
        assertThat(a.repo().git("rev-list", "--merges", "--count", "main").strip()).isNotEqualTo("0");
        assertThat(millis).as("fast-import of 1000 commits, ms").isLessThan(20_000);
    }

    @Test
    void snapshotSeesEveryKindOfUserChange() throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("s"));
        repo.commit("a", Map.of("a.txt", "a\n"));
        TestRepo.Snapshot s0 = TestRepo.userState(repo.dir());
        assertThat(TestRepo.userState(repo.dir())).isEqualTo(s0);

        Files.writeString(repo.dir().resolve("untracked.txt"), "u\n");
        TestRepo.Snapshot s1 = TestRepo.userState(repo.dir());
        assertThat(s1.status()).isNotEqualTo(s0.status());

        repo.git("add", "untracked.txt");
        TestRepo.Snapshot s2 = TestRepo.userState(repo.dir());
        assertThat(s2.indexHash()).isNotEqualTo(s1.indexHash());

        repo.git("stash", "-q");
        TestRepo.Snapshot s3 = TestRepo.userState(repo.dir());
        assertThat(s3.stash()).isNotEqualTo(s2.stash());

        repo.branch("x");
        assertThat(TestRepo.userState(repo.dir()).refs()).isNotEqualTo(s3.refs());

        repo.checkout("x");
        assertThat(TestRepo.userState(repo.dir()).headRef()).isEqualTo("refs/heads/x");
    }
}
