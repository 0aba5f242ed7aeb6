package dev.culprit.vcs;

import dev.culprit.common.BadInputException;
import dev.culprit.common.InfraException;
import dev.culprit.testing.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorktreeTest {
    @TempDir
    Path tmp;

    private TestRepo repo;
    private Git git;
    private String c1;
    private String c2;
    private String c3;
    private Path work;

    /**
     * A user repository in the middle of their own work: on a branch, with a modified tracked file, a staged
     * change, an untracked file and a stash entry. None of it may change.
     */
    @BeforeEach
    void userRepository() throws IOException {
        repo = TestRepo.init(tmp.resolve("user"));
        c1 = repo.commit("one", Map.of("main.c", "int v = 1;\n", "Makefile", "all:\n"));
        c2 = repo.commit("two", Map.of("main.c", "int v = 2;\n", "gone.c", "x\n"));
        c3 = repo.commit("three", TestRepo.files("main.c", "int v = 3;\n", "gone.c", null));
        repo.branch("feature", c2);
        Files.writeString(repo.dir().resolve("Makefile"), "all: stashed\n");
        repo.git("stash", "-q");
        Files.writeString(repo.dir().resolve("main.c"), "int v = 42; // user's edit\n");
        Files.writeString(repo.dir().resolve("staged.c"), "staged\n");
        repo.git("add", "staged.c");
        Files.writeString(repo.dir().resolve("notes.txt"), "untracked\n");
        git = Git.open(repo.dir());
        work = tmp.resolve("work");
    }

    @Test
    void checkoutsHappenInTheWorktreeOnly() throws IOException {
        TestRepo.Snapshot before = TestRepo.userState(repo.dir());
        Path dir = work.resolve("wt");
        try (Worktree wt = Worktree.acquire(git, dir)) {
            assertThat(wt.dir()).isEqualTo(dir.toAbsolutePath().normalize());
            assertThat(wt.checkout(c1)).isEqualTo(wt.dir());
            assertThat(Files.readString(dir.resolve("main.c"))).isEqualTo("int v = 1;\n");
            assertThat(wt.head()).isEqualTo(c1);

            wt.checkout(c2);
            assertThat(Files.readString(dir.resolve("main.c"))).isEqualTo("int v = 2;\n");
            assertThat(dir.resolve("gone.c")).exists();

            wt.checkout(c3);
            assertThat(Files.readString(dir.resolve("main.c"))).isEqualTo("int v = 3;\n");
            assertThat(dir.resolve("gone.c")).doesNotExist();
            assertThat(wt.head()).isEqualTo(c3);
        }
        assertThat(TestRepo.userState(repo.dir())).isEqualTo(before);
        assertThat(Files.readString(repo.dir().resolve("main.c"))).isEqualTo("int v = 42; // user's edit\n");
    }

    @Test
    void differingFromNamesWhatACheckoutWillChangeUncommittedEditsIncluded() throws IOException {
        try (Worktree wt = Worktree.acquire(git, work.resolve("wt"))) {
            wt.checkout(c1);
            assertThat(wt.differingFrom(c1)).isEmpty();
            assertThat(wt.differingFrom(c2)).containsExactly("gone.c", "main.c");
            assertThat(wt.differingFrom(c3)).containsExactly("main.c");
            Files.writeString(wt.dir().resolve("Makefile"), "all: edited\n"); // as an applied revert leaves it
            assertThat(wt.differingFrom(c1)).containsExactly("Makefile");
        }
    }

    @Test
    void buildOutputsSurviveCheckoutsAndReuseUntilClean() throws IOException {
        TestRepo.Snapshot before = TestRepo.userState(repo.dir());
        Path dir = work.resolve("wt");
        try (Worktree wt = Worktree.acquire(git, dir)) {
            wt.checkout(c1);
            Files.writeString(dir.resolve("main.o"), "object code\n");
            // a build that dirtied a tracked file must not block the next checkout
            Files.writeString(dir.resolve("main.c"), "generated over\n");
            wt.checkout(c2);
            assertThat(dir.resolve("main.o")).hasContent("object code");
            assertThat(Files.readString(dir.resolve("main.c"))).isEqualTo("int v = 2;\n");
        }
        // the next run reuses the worktree, outputs and all
        try (Worktree again = Worktree.acquire(git, dir)) {
            assertThat(dir.resolve("main.o")).exists();
            assertThat(again.head()).isEqualTo(c2);
            again.clean();
            assertThat(dir.resolve("main.o")).doesNotExist();
            assertThat(dir.resolve("main.c")).exists();
        }
        assertThat(repo.git("worktree", "list", "--porcelain")).contains("worktree " + dir.toRealPath());
        assertThat(TestRepo.userState(repo.dir())).isEqualTo(before);
    }

    @Test
    void aLockedWorktreeIsRefusedUntilReleased() {
        Path dir = work.resolve("wt");
        Worktree first = Worktree.acquire(git, dir);
        try {
            assertThatThrownBy(() -> Worktree.acquire(git, dir))
                    .isInstanceOf(InfraException.class)
                    .hasMessageContaining("in use by another culprit process");
            // the caller's way out: another directory
            try (Worktree other = Worktree.acquire(git, work.resolve("wt-2"))) {
                other.checkout(c1);
                first.checkout(c3);
                assertThat(other.dir().resolve("main.c")).hasContent("int v = 1;");
                assertThat(first.dir().resolve("main.c")).hasContent("int v = 3;");
            }
        } finally {
            first.close();
        }
        try (Worktree reacquired = Worktree.acquire(git, dir)) {
            assertThat(reacquired.head()).isEqualTo(c3);
        }
    }

    @Test
    void removeDeletesTheWorktreeAndItsRecord() {
        TestRepo.Snapshot before = TestRepo.userState(repo.dir());
        Path dir = work.resolve("wt");
        Worktree wt = Worktree.acquire(git, dir);
        wt.checkout(c2);
        wt.remove();
        assertThat(dir).doesNotExist();
        assertThat(repo.git("worktree", "list", "--porcelain")).doesNotContain(dir.getFileName() + "\n");
        assertThatThrownBy(() -> wt.checkout(c1)).isInstanceOf(IllegalStateException.class);
        wt.close(); // harmless after remove
        // and the directory can be acquired afresh
        try (Worktree fresh = Worktree.acquire(git, dir)) {
            fresh.checkout(c1);
            assertThat(dir.resolve("main.c")).hasContent("int v = 1;");
        }
        assertThat(TestRepo.userState(repo.dir())).isEqualTo(before);
    }

    @Test
    void aWorktreeDeletedBehindGitsBackIsPrunedAndRecreated() throws IOException {
        Path dir = work.resolve("wt");
        try (Worktree wt = Worktree.acquire(git, dir)) {
            wt.checkout(c1);
        }
        deleteTree(dir);
        try (Worktree wt = Worktree.acquire(git, dir)) {
            wt.checkout(c2);
            assertThat(dir.resolve("main.c")).hasContent("int v = 2;");
        }
    }

    @Test
    void aStaleIndexLockFromADeadProcessDoesNotBlockCheckout() throws IOException {
        Path dir = work.resolve("wt");
        try (Worktree wt = Worktree.acquire(git, dir)) {
            wt.checkout(c1);
            Path gitDir = Path.of(repo.git("-C", dir.toString(), "rev-parse", "--absolute-git-dir").strip());
            Files.writeString(gitDir.resolve("index.lock"), "");
            wt.checkout(c3);
            assertThat(dir.resolve("main.c")).hasContent("int v = 3;");
        }
    }

    @Test
    void aDirectoryThatIsSomethingElseIsLeftAlone() throws IOException {
        Path dir = Files.createDirectories(work.resolve("precious"));
        Files.writeString(dir.resolve("data.txt"), "keep me\n");
        assertThatThrownBy(() -> Worktree.acquire(git, dir))
                .isInstanceOf(InfraException.class)
                .hasMessageContaining("is not a worktree of");
        assertThat(dir.resolve("data.txt")).hasContent("keep me");
        // the lock was released on the way out
        Files.delete(dir.resolve("data.txt"));
        try (Worktree wt = Worktree.acquire(git, dir)) {
            wt.checkout(c1);
        }
    }

    @Test
    void checkoutRefusesOptionLikeRevisions() {
        try (Worktree wt = Worktree.acquire(git, work.resolve("wt"))) {
            assertThatThrownBy(() -> wt.checkout("--orphan=x")).isInstanceOf(BadInputException.class);
            assertThatThrownBy(() -> wt.checkout("0123456789abcdef0123456789abcdef01234567"))
                    .isInstanceOf(InfraException.class)
                    .hasMessageContaining("cannot check out");
        }
    }

    @Test
    void aWorktreeOfAnotherRepositoryIsNotReused() {
        TestRepo other = TestRepo.init(tmp.resolve("other"));
        other.commit("x", Map.of("x", "x\n"));
        Path dir = work.resolve("wt");
        try (Worktree wt = Worktree.acquire(Git.open(other.dir()), dir)) {
            wt.checkout(other.resolve("HEAD"));
        }
        assertThatThrownBy(() -> Worktree.acquire(git, dir))
                .isInstanceOf(InfraException.class)
                .hasMessageContaining("is not a worktree of " + repo.dir());
    }

    /**
     * Another culprit process: acquires the worktree, checks out the commit, says "locked", then waits until
     * killed. Started with GIT_DIR, GIT_WORK_TREE and GIT_INDEX_FILE pointing at the user's repository, as a
     * git hook or alias would leave them.
     */
    public static final class OtherProcess {
        public static void main(String[] args) throws Exception {
            Worktree wt = Worktree.acquire(Git.open(Path.of(args[0])), Path.of(args[1]));
            wt.checkout(args[2]);
            System.out.println("locked " + wt.head());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    @Test
    void anotherProcessHoldsTheLockUntilItDies() throws Exception {
        TestRepo.Snapshot before = TestRepo.userState(repo.dir());
        Path dir = work.resolve("wt");
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                OtherProcess.class.getName(), repo.dir().toString(), dir.toString(), c1)
                .redirectErrorStream(true);
        pb.environment().put("GIT_DIR", repo.dir().resolve(".git").toString());
        pb.environment().put("GIT_WORK_TREE", repo.dir().toString());
        pb.environment().put("GIT_INDEX_FILE", repo.dir().resolve(".git/index").toString());
        Process other = pb.start();
        try {
            String line = new BufferedReader(new InputStreamReader(other.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            assertThat(line).isEqualTo("locked " + c1);
            assertThat(dir.resolve("main.c")).hasContent("int v = 1;");
            assertThatThrownBy(() -> Worktree.acquire(git, dir))
                    .isInstanceOf(InfraException.class)
                    .hasMessageContaining("in use by another culprit process");
        } finally {
            other.destroyForcibly();
            other.waitFor();
        }
        // the operating system released the dead process's lock
        try (Worktree wt = Worktree.acquire(git, dir)) {
            assertThat(wt.head()).isEqualTo(c1);
        }
        assertThat(TestRepo.userState(repo.dir())).isEqualTo(before);
    }

    @Test
    void aBareRepositoryWorksToo() {
        Path bare = tmp.resolve("bare.git");
        repo.git("clone", "-q", "--bare", repo.dir().toString(), bare.toString());
        Git bareGit = Git.open(bare);
        assertThat(bareGit.isBare()).isTrue();
        assertThat(bareGit.resolve("main")).isEqualTo(c3);
        try (Worktree wt = Worktree.acquire(bareGit, work.resolve("from-bare"))) {
            wt.checkout(c2);
            assertThat(wt.dir().resolve("main.c")).hasContent("int v = 2;");
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
