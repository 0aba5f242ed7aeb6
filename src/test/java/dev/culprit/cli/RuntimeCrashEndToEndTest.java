package dev.culprit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.culprit.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `culprit bisect` on a project that is not C: a Python program whose test fails with an uncaught exception. Both
 * of its bugs end the process with exit status 1; only the interpreter's traceback tells them apart. A commit in the
 * middle of the history brings a flaky ValueError that fires before the target's KeyError in 40 % of runs (seeded by
 * the run index, so every run of the bisection is reproducible).
 */
class RuntimeCrashEndToEndTest {
    @TempDir
    Path tmp;

    private static final String HEADER_OK = """
            def parse_header(line, rng):
                return line.split(":", 1)[0]
            """;
    private static final String HEADER_FLAKY = """
            def parse_header(line, rng):
                if rng.random() < 0.4:
                    raise ValueError("header out of range")
                return line.split(":", 1)[0]
            """;
    private static final String LOOKUP_OK = """
            def lookup(table, key):
                return table.get(key, 0)
            """;
    private static final String LOOKUP_BUGGY = """
            def lookup(table, key):
                return table[key]
            """;

    private static String program(String header, String lookup, int revision) {
        return "import os\nimport random\n\n# revision " + revision + "\n" + header + "\n" + lookup + """

                def main():
                    rng = random.Random(int(os.environ.get("CULPRIT_RUN", "0")))
                    name = parse_header("size: 10", rng)
                    print(name, lookup({"width": 3}, name))

                main()
                """;
    }

    @Test
    void unrelatedExceptionInTheRangeIsToldApartFromTheTargetByItsTraceback() throws IOException {
        List<String> hashes = history(HEADER_FLAKY, 11);
        Path json = tmp.resolve("result.json");
        Bisected run = bisect(hashes, json);
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(result.get("targetTitle").asText()).isEqualTo("Python KeyError in lookup");
        assertThat(result.get("culprits").get(0).get("hash").asText()).as(run.out()).isEqualTo(hashes.get(8));
        assertThat(result.get("flags").toString()).contains("verified");
        assertThat(run.out()).contains("crashed: Python ValueError in parse_header");
    }

    /**
     * Commits 0..last of app.py: the given parse_header from commit 3 on (subject "header: ..."), the buggy lookup
     * from commit 8 on (subject "lookup: ...").
     */
    private List<String> history(String header, int last) {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        List<String> hashes = new ArrayList<>();
        for (int c = 0; c <= last; c++) {
            String subject = c == 3 ? "header: reject out-of-range sizes" : c == 8 ? "lookup: index the table directly"
                    : "app: revision " + c;
            hashes.add(repo.commit(subject, Map.of("app.py",
                    program(c >= 3 ? header : HEADER_OK, c >= 8 ? LOOKUP_BUGGY : LOOKUP_OK, c))));
        }
        return hashes;
    }

    /** Raises ValueError on runs 4, 6, 8, … of a commit (the run index is CULPRIT_RUN): never among the first four. */
    private static final String HEADER_LATE = """
            def parse_header(line, rng):
                run = int(os.environ.get("CULPRIT_RUN", "0"))
                if run >= 4 and run % 2 == 0:
                    raise ValueError("header out of range")
                return line.split(":", 1)[0]
            """;

    /**
     * The start's first runs all end in the KeyError, the crash the user did not ask for: with --title naming the
     * ValueError the start runs on until that one shows, instead of stopping on four unanimous runs of the other
     * crash and calling the named crash not reproduced.
     */
    @Test
    void aTitleNamedCrashIsLookedForPastUnanimousRunsOfAnother() throws IOException {
        List<String> hashes = history(HEADER_LATE, 11);
        Path json = tmp.resolve("result.json");
        String out = bisect(hashes, json, "--title", "Python ValueError in parse_header").out();
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertThat(out).contains("run #0: crashed: Python KeyError in lookup")
                .contains("target crash: Python ValueError in parse_header");
        assertThat(result.get("targetTitle").asText()).isEqualTo("Python ValueError in parse_header");
        assertThat(result.get("culprits").get(0).get("hash").asText()).as(out).isEqualTo(hashes.get(3));
    }

    @Test
    void aTitleTypedForTheSameCrashByAnotherFunctionOfItsStackIsTakenForIt() throws IOException {
        // As a syzbot title may blame another frame than culprit's rules: KeyError is culprit's "in lookup".
        List<String> hashes = history(HEADER_OK, 11);
        Path json = tmp.resolve("result.json");
        Bisected run = bisect(hashes, json, "--title", "Python KeyError in main");
        assertThat(run.out()).as(run.out())
                .contains("--title \"Python KeyError in main\" taken as \"Python KeyError in lookup\"");
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertThat(result.get("culprits").get(0).get("hash").asText()).as(run.out()).isEqualTo(hashes.get(8));
        // Taken once four runs had missed the typed title: the start then stops as for a plain target, far below
        // the run cap it keeps to while a named crash has not shown.
        assertThat(result.get("steps").get(0).get("outcomes").size()).as(run.out()).isLessThanOrEqualTo(10);
    }

    @Test
    void aTitleMatchingNoCrashOfTheStartNamesTheTitlesSeen() throws IOException {
        List<String> hashes = history(HEADER_LATE, 9);
        String out = bisect(hashes, tmp.resolve("result.json"), "--title", "ValueError").out();
        assertThat(out).contains("the crash wasn't reproduced on the original commit")
                .contains("--title \"ValueError\" is none of the crashes the original commit showed: "
                        + "Python KeyError in lookup (")
                .contains("Python ValueError in parse_header (");
    }

    private record Bisected(int exit, String out) {
    }

    /** culprit bisect from the last commit of the history in tmp/repo back to its first. */
    private Bisected bisect(List<String> hashes, Path json, String... extra) {
        StringWriter out = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        List<String> args = new ArrayList<>(List.of("bisect", "--repo", tmp.resolve("repo").toString(),
                "--bad", hashes.get(hashes.size() - 1), "--good", hashes.get(0),
                "--build", "python3 -m py_compile app.py", "--artifact", "app.py", "--test", "python3 app.py",
                "--work", tmp.resolve("work").toString(), "--json", json.toString(), "--jobs", "2"));
        args.addAll(List.of(extra));
        int exit = cl.execute(args.toArray(String[]::new));
        return new Bisected(exit, out.toString());
    }
}
