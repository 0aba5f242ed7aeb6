package dev.culprit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.culprit.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `culprit bisect` on histories with a topic branch merged into main, as kernel trees are: real git, real gcc +
 * AddressSanitizer builds, real runs. The bug comes with a commit on the branch, or with the merge itself.
 */
class MergeBisectEndToEndTest {
    @TempDir
    Path tmp;

    private final CProgramHistory program = new CProgramHistory();

    /**
     * main: c0 - m1 - m2 ------------ m3 - m4 - M - m5 - m6 - m7
     *                   \                      /
     * topic:             t1 - t2 - t3 - t4 ---
     * The topic's t-commits reword util.c's comment (but the bug's); main's m-commits add helpers. {@code bugAt} is where the bug
     * first appears ("t2": on the topic, so M carries it too; "M": only the merge result has it, an evil merge).
     */
    private TestRepo.Imported create(String bugAt) {
        TestRepo.History h = new TestRepo.History();
        h.commit("c0", List.of(), "initial import", program.tree(false, 0, 0));
        h.commit("m1", List.of("c0"), "util: add helper 1", program.tree(false, 1, 0));
        h.commit("m2", List.of("m1"), "util: add helper 2", program.tree(false, 2, 0));
        boolean onTopic = false;
        String parent = "m2";
        for (int t = 1; t <= 4; t++) {
            boolean bugHere = bugAt.equals("t" + t);
            onTopic |= bugHere;
            // The bug's commit changes records.c alone, so that its revert applies on main's tip.
            h.commit("t" + t, List.of(parent), bugHere ? "records: release the buffer early"
                    : "util: reword a comment (" + t + ")", program.tree(onTopic, 2, bugHere ? t - 1 : t));
            parent = "t" + t;
        }
        h.commit("m3", List.of("m2"), "util: add helper 3", program.tree(false, 3, 0));
        h.commit("m4", List.of("m3"), "util: add helper 4", program.tree(false, 4, 0));
        // The merge result: main's helpers, the topic's comment, the bug if the topic brought it or the merge did.
        h.commit("M", List.of("m4", "t4"), "Merge branch 'topic'", program.tree(true, 4, 4));
        for (int m = 5; m <= 7; m++) {
            h.commit("m" + m, List.of(m == 5 ? "M" : "m" + (m - 1)), "util: add helper " + m,
                    program.tree(true, m, 4));
        }
        h.branch("main", "m7");
        h.branch("topic", "t4");
        return TestRepo.create(tmp.resolve("repo-" + bugAt), h);
    }

    private JsonNode bisect(Path repo, String good, StringWriter out) throws IOException {
        Path json = tmp.resolve("result-" + System.nanoTime() + ".json");
        List<String> args = new ArrayList<>(List.of("bisect", "--repo", repo.toString(), "--bad", "main", "--good",
                good, "--build", CProgramHistory.BUILD, "--artifact", "prog", "--test", CProgramHistory.TEST,
                "--work", tmp.resolve("work-" + System.nanoTime()).toString(), "--json", json.toString(),
                "--jobs", "2"));
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        int exit = cl.execute(args.toArray(String[]::new));
        assertThat(exit).as(out.toString()).isZero();
        return new ObjectMapper().readTree(json.toFile());
    }

    @Test
    void aBugThatCameWithACommitOnTheTopicBranchIsBlamedOnThatCommit() throws IOException {
        TestRepo.Imported repo = create("t2");
        TestRepo.Snapshot before = TestRepo.userState(repo.dir());
        StringWriter out = new StringWriter();
        JsonNode r = bisect(repo.dir(), repo.hash("c0"), out);
        assertThat(r.get("culprits").get(0).get("hash").asText()).as(out.toString()).isEqualTo(repo.hash("t2"));
        assertThat(r.get("flags").toString()).contains("verified", "revert-cures").doesNotContain("merge");
        assertThat(TestRepo.userState(repo.dir())).isEqualTo(before);
    }

    @Test
    void aBugThatOnlyTheMergeResultHasIsBlamedOnTheMergeAndItsRevertCuresIt() throws IOException {
        TestRepo.Imported repo = create("M");
        StringWriter out = new StringWriter();
        JsonNode r = bisect(repo.dir(), repo.hash("c0"), out);
        assertThat(r.get("culprits").get(0).get("hash").asText()).as(out.toString()).isEqualTo(repo.hash("M"));
        // Both parents are checked clean; the merge is reverted against its first parent (main's side).
        assertThat(r.get("flags").toString()).contains("merge", "verified", "revert-cures");
        assertThat(out.toString()).contains("checking that " + repo.hash("m4") + " does not crash")
                .contains("checking that " + repo.hash("t4") + " does not crash");
    }
}
