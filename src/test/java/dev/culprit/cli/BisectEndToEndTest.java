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
import java.util.Map;

import static dev.culprit.cli.CProgramHistory.Change.ADD_BUG;
import static dev.culprit.cli.CProgramHistory.Change.ADD_UNRELATED;
import static dev.culprit.cli.CProgramHistory.Change.BREAK_BUILD;
import static dev.culprit.cli.CProgramHistory.Change.COMMENT;
import static dev.culprit.cli.CProgramHistory.Change.FIX_BUILD;
import static dev.culprit.cli.CProgramHistory.Change.HARMLESS;
import static dev.culprit.cli.CProgramHistory.Change.REMOVE_BUG;
import static dev.culprit.cli.CProgramHistory.Change.REMOVE_UNRELATED;
import static dev.culprit.cli.CProgramHistory.Change.REWORK_RECORDS;
import static org.assertj.core.api.Assertions.assertThat;

/** `culprit bisect` end to end: real git repositories, real gcc + AddressSanitizer builds, real runs. */
class BisectEndToEndTest {
    @TempDir
    Path tmp;

    record Run(int exit, String out, String err, JsonNode json) {
        String verdict() {
            return json == null ? "" : json.get("verdict").asText();
        }

        String culprit() {
            return json.get("culprits").size() == 0 ? "" : json.get("culprits").get(0).get("hash").asText();
        }
    }

    private Run bisect(Path repo, String... extra) throws IOException {
        return culprit("bisect", repo, extra);
    }

    private Run verify(Path repo, String... extra) throws IOException {
        return culprit("verify", repo, extra);
    }

    private Run culprit(String command, Path repo, String... extra) throws IOException {
        Path json = tmp.resolve("result-" + System.nanoTime() + ".json");
        List<String> args = new ArrayList<>(List.of(command, "--repo", repo.toString(),
                "--build", CProgramHistory.BUILD, "--artifact", "prog", "--test", CProgramHistory.TEST,
                "--work", tmp.resolve("work").toString(), "--json", json.toString(), "--jobs", "2"));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args.toArray(String[]::new));
        JsonNode node = Files.exists(json) ? new ObjectMapper().readTree(json.toFile()) : null;
        return new Run(exit, out.toString(), err.toString(), node);
    }

    @Test
    void deterministicCrash() throws IOException {
        TestRepo.Imported repo = new CProgramHistory().then(HARMLESS, 5).then(ADD_BUG).then(HARMLESS, 6)
                .create(tmp.resolve("repo"), Map.of());
        TestRepo.Snapshot before = TestRepo.userState(repo.dir());
        Run r = bisect(repo.dir(), "--bad", "main", "--good", repo.hash("c0"));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.verdict()).isEqualTo("found");
        assertThat(r.culprit()).isEqualTo(repo.hash("c6"));
        assertThat(r.json().get("targetTitle").asText()).contains(CProgramHistory.TARGET_TITLE_PART);
        assertThat(r.json().get("confidence").asDouble()).isGreaterThanOrEqualTo(0.95);
        assertThat(r.out()).contains(repo.hash("c6") + " is the first bad commit")
                .contains("bisecting cause commit starting from " + repo.hash("c12"));
        assertThat(TestRepo.userState(repo.dir())).isEqualTo(before);
        JsonNode start = r.json().get("steps").get(0);
        assertThat(start.get("phase").asText() + " " + start.get("verdict").asText()).isEqualTo("start bad");

        // The same bisection again in the same work directory resumes from the journal: same answer, no new build.
        Run again = bisect(repo.dir(), "--bad", "main", "--good", repo.hash("c0"));
        assertThat(again.out()).as(again.out()).containsPattern("resuming bisection \\d+: \\d+ builds and \\d+ runs reused");
        assertThat(again.culprit()).isEqualTo(r.culprit());
        assertThat(again.json().get("steps")).isEqualTo(r.json().get("steps"));
        assertThat(Files.list(tmp.resolve("work").resolve("logs").resolve("build")).count())
                .as("build logs: one per real build").isEqualTo(r.json().get("builds").asInt());
    }

    @Test
    void twoLanesTestTwoCommitsAtOnce() throws IOException {
        TestRepo.Imported repo = new CProgramHistory().bugPercent(60).then(HARMLESS, 13).then(ADD_BUG)
                .then(HARMLESS, 10).create(tmp.resolve("repo"), Map.of());
        TestRepo.Snapshot before = TestRepo.userState(repo.dir());
        Run r = bisect(repo.dir(), "--bad", "main", "--good", repo.hash("c0"), "--lanes", "2");
        assertThat(r.verdict()).as(r.out()).isEqualTo("found");
        assertThat(r.culprit()).isEqualTo(repo.hash("c14"));
        try (var dirs = Files.list(tmp.resolve("work").resolve("worktrees"))) {
            assertThat(dirs.filter(Files::isDirectory).count()).isEqualTo(2);
        }
        // Two commits per search step: the log names two commits under one "Bisecting:" line pair.
        assertThat(r.out().split("\n# git bisect (good|bad|skip) ", -1).length - 1)
                .isGreaterThan(r.out().split("\nposterior: ", -1).length - 1);
        assertThat(TestRepo.userState(repo.dir())).isEqualTo(before);
    }

    @Test
    void flakyCrashIsFoundByBayes() throws IOException {
        TestRepo.Imported repo = new CProgramHistory().bugPercent(30).then(HARMLESS, 7).then(ADD_BUG)
                .then(HARMLESS, 7).create(tmp.resolve("repo"), Map.of());
        Run r = bisect(repo.dir(), "--bad", "main", "--good", repo.hash("c0"), "--runs", "12",
                "--confidence", "0.99");
        assertThat(r.verdict()).as(r.out()).isEqualTo("found");
        assertThat(r.culprit()).isEqualTo(repo.hash("c8"));
    }

    @Test
    void unrelatedCrashBeforeTheCulpritFoolsClassicButNotBayes() throws IOException {
        TestRepo.Imported repo = new CProgramHistory().bugPercent(100).then(HARMLESS, 2).then(ADD_UNRELATED)
                .then(HARMLESS, 6).then(REMOVE_UNRELATED).then(HARMLESS).then(ADD_BUG).then(HARMLESS, 3)
                .create(tmp.resolve("repo"), Map.of());
        String culprit = repo.hash("c12");
        Run bayes = bisect(repo.dir(), "--bad", "main", "--good", repo.hash("c0"));
        assertThat(bayes.verdict()).as(bayes.out()).isEqualTo("found");
        assertThat(bayes.culprit()).isEqualTo(culprit);
        assertThat(bayes.json().get("flags").toString()).isEqualTo("[\"verified\",\"revert-cures\"]");

        Run classic = bisect(repo.dir(), "--bad", "main", "--good", repo.hash("c0"), "--strategy", "classic",
                "--no-verify");
        // syzbot's rules count the unrelated crash as "bad": they blame the commit that introduced it.
        assertThat(classic.culprit()).as(classic.out()).isEqualTo(repo.hash("c3"));
        assertThat(classic.json().get("flags").toString()).contains("confused-by-other-crash");

        // Verification catches that answer: the blamed commit never shows the target crash.
        Run verified = bisect(repo.dir(), "--bad", "main", "--good", repo.hash("c0"), "--strategy", "classic");
        assertThat(verified.exit()).as(verified.out()).isEqualTo(1);
        assertThat(verified.verdict()).isEqualTo("inconclusive");
        assertThat(verified.json().get("flags").toString()).contains("refuted");
        assertThat(verified.json().get("culprits")).isEmpty();
        assertThat(verified.out()).contains("refuted " + repo.hash("c3"));

        Run check = verify(repo.dir(), "--commit", repo.hash("c3"), "--bad", "main");
        assertThat(check.exit()).as(check.out()).isEqualTo(1);
        assertThat(check.json().get("flags").toString()).as(check.out()).contains("refuted");
        assertThat(check.out()).contains("did not crash with the target");
    }

    @Test
    void verifyConfirmsATrueCulpritWithTheFormulasRunCount() throws IOException {
        TestRepo.Imported repo = new CProgramHistory().bugPercent(30).then(HARMLESS, 3).then(ADD_BUG)
                .then(HARMLESS, 3).create(tmp.resolve("repo"), Map.of());
        Run r = verify(repo.dir(), "--commit", repo.hash("c4"), "--bad", "main", "--runs", "20");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.json().get("flags").toString()).contains("verified").contains("revert-cures");
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("reproducibility ~([0-9.]+): (\\d+) clean runs needed").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        double p = Double.parseDouble(m.group(1));
        int n = Integer.parseInt(m.group(2));
        // n = ceil(ln(1 - C) / ln(1 - p)) with the default certainty 0.95 (p as printed, rounded to 2 places).
        assertThat(n).isBetween((int) Math.ceil(Math.log(0.05) / Math.log(1 - (p - 0.005))) - 1,
                (int) Math.ceil(Math.log(0.05) / Math.log(1 - (p + 0.005))) + 1);
        JsonNode parentStep = null;
        for (JsonNode step : r.json().get("steps")) {
            if (step.get("commit").asText().equals(repo.hash("c3"))) {
                parentStep = step;
            }
        }
        assertThat(parentStep).as(r.out()).isNotNull();
        assertThat(parentStep.get("outcomes").size()).isGreaterThanOrEqualTo(n);
    }

    @Test
    void verifyReportsARevertThatDoesNotApply() throws IOException {
        TestRepo.Imported repo = new CProgramHistory().then(HARMLESS, 2).then(ADD_BUG).then(HARMLESS)
                .then(REWORK_RECORDS).then(HARMLESS).create(tmp.resolve("repo"), Map.of());
        Run r = verify(repo.dir(), "--commit", repo.hash("c3"), "--bad", "main");
        assertThat(r.out()).contains("does not apply cleanly");
        assertThat(r.json().get("flags").toString()).contains("revert-conflict").contains("verified")
                .doesNotContain("refuted");
        assertThat(r.exit()).isZero();
    }

    @Test
    void verifyAFix() throws IOException {
        TestRepo.Imported repo = new CProgramHistory().then(ADD_BUG).then(HARMLESS, 3).then(REMOVE_BUG)
                .then(HARMLESS, 2).create(tmp.resolve("repo"), Map.of());
        TestRepo.Snapshot before = TestRepo.userState(repo.dir());
        Run r = verify(repo.dir(), "--fix", "--commit", repo.hash("c5"), "--bad", repo.hash("c2"));
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.json().get("flags").toString()).contains("verified").contains("fix-cures");
        Run wrong = verify(repo.dir(), "--fix", "--commit", repo.hash("c4"), "--bad", repo.hash("c2"));
        assertThat(wrong.exit()).as(wrong.out()).isEqualTo(1);
        assertThat(wrong.json().get("flags").toString()).contains("refuted");
        assertThat(TestRepo.userState(repo.dir())).isEqualTo(before);
    }

    @Test
    void brokenBuildNextToTheCulpritIsReportedAsUntestable() throws IOException {
        TestRepo.Imported repo = new CProgramHistory().then(HARMLESS, 4).then(BREAK_BUILD).then(HARMLESS)
                .then(ADD_BUG).then(FIX_BUILD).then(HARMLESS, 4).create(tmp.resolve("repo"), Map.of());
        Run r = bisect(repo.dir(), "--bad", "main", "--good", repo.hash("c0"));
        // c5..c7 do not build and c8 (the build fix) is the first that crashes: any of c5..c8 may be it.
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.verdict()).isEqualTo("inconclusive");
        assertThat(r.out()).contains("the first bad commit could be any of:");
        List<String> candidates = new ArrayList<>();
        r.json().get("culprits").forEach(c -> candidates.add(c.get("hash").asText()));
        assertThat(candidates).contains(repo.hash("c7")).doesNotContain(repo.hash("c4"), repo.hash("c9"));
    }

    @Test
    void fixBisection() throws IOException {
        TestRepo.Imported repo = new CProgramHistory().then(ADD_BUG).then(HARMLESS, 6).then(REMOVE_BUG)
                .then(HARMLESS, 5).create(tmp.resolve("repo"), Map.of());
        Run r = bisect(repo.dir(), "--fix", "--bad", repo.hash("c2"), "--head", "main");
        assertThat(r.verdict()).as(r.out()).isEqualTo("found");
        assertThat(r.culprit()).isEqualTo(repo.hash("c8"));
        assertThat(r.out()).contains("bisecting fixing commit since " + repo.hash("c2"));
    }

    @Test
    void releaseWalkFindsTheGoodRelease() throws IOException {
        TestRepo.Imported repo = new CProgramHistory().then(HARMLESS, 3).then(COMMENT).then(HARMLESS, 3)
                .then(ADD_BUG).then(HARMLESS, 4).then(COMMENT).then(HARMLESS, 2)
                .create(tmp.resolve("repo"), Map.of(0, "v1.0", 4, "v1.1", 6, "v1.2-rc1", 10, "v1.2"));
        Run r = bisect(repo.dir(), "--bad", "main");
        assertThat(r.out()).contains("testing release v1.2").contains("testing release v1.1")
                .doesNotContain("testing release v1.2-rc1");
        assertThat(r.verdict()).as(r.out()).isEqualTo("found");
        assertThat(r.culprit()).isEqualTo(repo.hash("c8"));
    }

    @Test
    void bayesTestsTheGivenGoodEndOnlyWhenTheAnswerComesNearIt() throws IOException {
        TestRepo.Imported repo = new CProgramHistory().then(HARMLESS, 5).then(ADD_BUG).then(HARMLESS, 6)
                .create(tmp.resolve("repo"), Map.of());
        String good = repo.hash("c0");
        Run bayes = bisect(repo.dir(), "--bad", "main", "--good", good);
        assertThat(bayes.culprit()).as(bayes.out()).isEqualTo(repo.hash("c6"));
        assertThat(bayes.out()).contains("good end " + good + ": tested when the search needs it")
                .doesNotContain("testing commit " + good);
        // syzbot's order: the good end is tested first.
        Run classic = bisect(repo.dir(), "--bad", "main", "--good", good, "--strategy", "classic", "--fresh");
        assertThat(classic.culprit()).as(classic.out()).isEqualTo(repo.hash("c6"));
        assertThat(classic.out()).contains("testing commit " + good);
    }

    @Test
    void aGoodEndThatAlreadyCrashesIsFoundOutWhenTestedLate() throws IOException {
        TestRepo.Imported repo = new CProgramHistory().then(HARMLESS, 1).then(ADD_BUG).then(HARMLESS, 9)
                .create(tmp.resolve("repo"), Map.of());
        Run r = bisect(repo.dir(), "--bad", "main", "--good", repo.hash("c3"));
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.verdict()).isEqualTo("crashes-on-oldest");
        assertThat(r.out()).contains("testing commit " + repo.hash("c3"));
    }

    @Test
    void notReproduced() throws IOException {
        TestRepo.Imported repo = new CProgramHistory().then(HARMLESS, 4).create(tmp.resolve("repo"), Map.of());
        Run r = bisect(repo.dir(), "--bad", "main", "--good", repo.hash("c0"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.verdict()).isEqualTo("not-reproduced");
        assertThat(r.out()).contains("the crash wasn't reproduced on the original commit");
    }

    @Test
    void commentOnlyCommitsReuseRuns() throws IOException {
        TestRepo.Imported repo = new CProgramHistory().then(HARMLESS, 2).then(COMMENT, 6).then(ADD_BUG)
                .then(COMMENT, 6).create(tmp.resolve("repo"), Map.of());
        Run r = bisect(repo.dir(), "--bad", "main", "--good", repo.hash("c0"));
        assertThat(r.culprit()).as(r.out()).isEqualTo(repo.hash("c9"));
        assertThat(r.out()).contains("reusing its");
        assertThat(r.json().get("steps").toString()).contains("\"reused\":true");
    }
}
