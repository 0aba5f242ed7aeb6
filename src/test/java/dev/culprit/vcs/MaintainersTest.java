package dev.culprit.vcs;

import dev.culprit.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** MAINTAINERS parsing and recipients, on a small generated repository. */
class MaintainersTest {
    static final String MAINTAINERS = """
            List of maintainers and how to submit kernel changes

            Descriptions of section entries and preferred order
            ---------------------------------------------------

            \tM: *Mail* patch to: FullName <address@domain>
            \tF: *Files* and directories wildcard patterns.

            Maintainers List
            ----------------

            FILESYSTEMS (VFS and infrastructure)
            M:\tAlexander Viro <viro@zeniv.linux.org.uk>
            R:\tChristian Brauner <brauner@kernel.org>
            L:\tlinux-fsdevel@vger.kernel.org
            S:\tMaintained
            F:\tfs/*
            X:\tfs/ext4/
            F:\tinclude/linux/fs.h

            EXT4 FILE SYSTEM
            M:\t"Theodore Ts'o" <tytso@mit.edu>
            L:\tlinux-ext4@vger.kernel.org (moderated for non-subscribers)
            F:\tfs/ext4/

            TEGRA ARCHITECTURE SUPPORT
            M:\tThierry Reding <thierry.reding@gmail.com>
            L:\tlinux-tegra@vger.kernel.org
            N:\t[^a-z]tegra

            THE REST
            M:\tLinus Torvalds <torvalds@linux-foundation.org>
            L:\tlinux-kernel@vger.kernel.org
            F:\t*
            F:\t*/
            """;

    @TempDir
    Path tmp;

    @Test
    void patternsFollowTheFilesOwnRules() {
        Maintainers m = Maintainers.parse(MAINTAINERS);
        assertThat(m.sections()).extracting(Maintainers.Section::title)
                .containsExactly("FILESYSTEMS (VFS and infrastructure)", "EXT4 FILE SYSTEM",
                        "TEGRA ARCHITECTURE SUPPORT", "THE REST");
        Maintainers.Section vfs = m.sections().get(0);
        assertThat(vfs.covers("fs/namei.c")).isTrue();
        assertThat(vfs.covers("fs/ext4/inode.c")).isFalse();           // X: wins, and * stays in one directory
        assertThat(vfs.covers("fs/proc/base.c")).isFalse();            // fs/* is not recursive
        assertThat(vfs.covers("include/linux/fs.h")).isTrue();
        assertThat(m.sections().get(1).covers("fs/ext4/super.c")).isTrue();
        assertThat(m.sections().get(2).covers("drivers/gpu/host1x/tegra.c")).isTrue();   // N: regex
        assertThat(m.sections().get(2).covers("drivers/integrator/x.c")).isFalse();
        assertThat(m.sections().get(3).covers("kernel/sys.c")).isTrue();
        assertThat(Maintainers.email("linux-ext4@vger.kernel.org (moderated for non-subscribers)"))
                .contains("linux-ext4@vger.kernel.org");
    }

    @Test
    void recipientsOfACulpritInARealRepository() {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit("base", TestRepo.files("MAINTAINERS", MAINTAINERS, "fs/namei.c", "int x;\n",
                "kernel/sys.c", "int y;\n"));
        String culprit = repo.commit("""
                        vfs: sanity-check directory names

                        Reject a reserved name early.

                        Signed-off-by: Dana Culprit <dana@culprit.example>
                        Reviewed-by: Rey Viewer <rey@review.example>
                        Acked-by: ack@ack.example
                        Tested-by: Tess Ter <tess@test.example>
                        Cc: not-a-recipient@example.com
                        """,
                TestRepo.files("fs/namei.c", "int x = 1;\n"), "Dana Culprit", "dana@culprit.example");
        Git git = Git.open(repo.dir());
        Maintainers m = Maintainers.at(git, culprit);
        Maintainers.Recipients r = m.recipients(git.info(culprit), git.changedFiles(culprit),
                Optional.of("fs/ext4/inode.c"));
        assertThat(r.to()).containsExactly("ack@ack.example", "brauner@kernel.org", "dana@culprit.example",
                "rey@review.example", "tess@test.example", "tytso@mit.edu", "viro@zeniv.linux.org.uk");
        assertThat(r.cc()).containsExactly("linux-ext4@vger.kernel.org", "linux-fsdevel@vger.kernel.org",
                "linux-kernel@vger.kernel.org");
        assertThat(Maintainers.Recipients.format(List.of("a@x", "b@y"))).isEqualTo("[\"a@x\" \"b@y\"]");
    }

    @Test
    void aGuiltyFileNamedByItsBuildPathIsFoundInTheTree() {
        // User-space reports name the file where it was compiled: somewhere in a worktree, an absolute path.
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        String c = repo.commit("base", TestRepo.files("MAINTAINERS", MAINTAINERS, "fs/ext4/inode.c", "int x;\n",
                "inode.c", "int top;\n"));
        Git git = Git.open(repo.dir());
        assertThat(git.pathInTree(c, "/var/tmp/culprit/worktrees/2/fs/ext4/inode.c")).contains("fs/ext4/inode.c");
        assertThat(git.pathInTree(c, "/src/inode.c")).contains("inode.c");
        assertThat(git.pathInTree(c, "/usr/include/stdio.h")).isEmpty();
        assertThat(git.pathInTree(c, "fs/namei.c")).contains("fs/namei.c");
        Maintainers.Recipients r = Maintainers.at(git, c).recipients(git.info(c), List.of(),
                git.pathInTree(c, "/home/ci/work/fs/ext4/inode.c"));
        assertThat(r.to()).contains("tytso@mit.edu");
    }

    @Test
    void aTreeWithoutMaintainersAddressesOnlyThePeopleOfTheCommit() {
        TestRepo repo = TestRepo.init(tmp.resolve("plain"));
        String c = repo.commit("change\n\nSigned-off-by: Ada Tester <ada@example.com>\n",
                TestRepo.files("a.c", "int a;\n"));
        Git git = Git.open(repo.dir());
        Maintainers.Recipients r = Maintainers.at(git, c).recipients(git.info(c), git.changedFiles(c),
                Optional.empty());
        assertThat(r.to()).containsExactly(TestRepo.AUTHOR_EMAIL);
        assertThat(r.cc()).isEmpty();
    }
}
