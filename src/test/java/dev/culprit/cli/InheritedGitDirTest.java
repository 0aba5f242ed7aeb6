package dev.culprit.cli;

import dev.culprit.common.ProcessResult;
import dev.culprit.common.ProcessSpec;
import dev.culprit.common.Processes;
import dev.culprit.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * culprit started from a git hook or alias inherits GIT_DIR (and friends) pointing at another repository. Its git
 * calls, and the user's build and test, must still work on --repo and the commit under test.
 */
class InheritedGitDirTest {
    @TempDir
    Path tmp;

    @Test
    void bisectsTheRepositoryItIsGivenNotTheOneGitDirNames() {
        TestRepo other = TestRepo.init(tmp.resolve("other"));
        other.commit("other: only commit", Map.of("README", "another project\n"));

        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        List<String> hashes = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            // From c3 on the program fails; the test also checks that git, run by the test, sees the commit tested.
            hashes.add(repo.commit("prog: revision " + c, Map.of("m.c",
                    "int main(void) { return " + (c >= 3 ? 1 : 0) + "; } /* r" + c + " */\n")));
        }
        String test = "test \"$(git rev-parse HEAD)\" = \"$CULPRIT_COMMIT\" || exit 125; ./m";
        List<String> argv = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.culprit.cli.Main", "bisect",
                "--repo", repo.dir().toString(), "--bad", hashes.get(5), "--good", hashes.get(0),
                "--build", "cc -o m m.c", "--artifact", "m", "--test", test,
                "--work", tmp.resolve("work").toString(), "--jobs", "2");
        ProcessResult r = new Processes().run(ProcessSpec.of(tmp, Duration.ofMinutes(5), argv).withEnv(Map.of(
                "GIT_DIR", other.dir().resolve(".git").toString(),
                "GIT_WORK_TREE", other.dir().toString())));

        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains(hashes.get(3) + " is the first bad commit");
    }
}
