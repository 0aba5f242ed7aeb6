package dev.culprit.cli;

import dev.culprit.testing.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input: a one-line error, exit status 2, nothing written and the user's checkout unchanged. */
class BisectBadInputTest {
    @TempDir
    static Path shared;

    static TestRepo.Imported repo;

    @TempDir
    Path tmp;

    @BeforeEach
    void createRepoOnce() {
        if (repo == null) {
            repo = new CProgramHistory().then(CProgramHistory.Change.HARMLESS, 3)
                    .then(CProgramHistory.Change.ADD_BUG).then(CProgramHistory.Change.HARMLESS, 2)
                    .create(shared.resolve("repo"), Map.of());
        }
    }

    record Result(int exit, String out, String err) {
    }

    private Result run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }

    private List<String> base(String... extra) {
        List<String> a = new ArrayList<>(List.of("bisect", "--repo", repo.dir().toString(),
                "--build", CProgramHistory.BUILD, "--test", CProgramHistory.TEST,
                "--work", tmp.resolve("work").toString(), "--json", tmp.resolve("r.json").toString()));
        a.addAll(List.of(extra));
        return a;
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of("unknown revision", List.of("--bad", "no-such-rev", "--good", "c0"), "no-such-rev"),
                Arguments.of("good equals bad", List.of("--bad", "main", "--good", "main"), "same commit"),
                Arguments.of("good not an ancestor", List.of("--bad", "c2", "--good", "main"), "not an ancestor"),
                Arguments.of("runs zero", List.of("--bad", "main", "--good", "c0", "--runs", "0"), "--runs"),
                Arguments.of("no release tags", List.of("--bad", "main"), "no --good given"),
                Arguments.of("bad strategy", List.of("--bad", "main", "--good", "c0", "--strategy", "x"),
                        "--strategy"),
                Arguments.of("option starting with dash", List.of("--bad", "--all", "--good", "c0"), ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void rejected(String name, List<String> args, String mention) throws IOException {
        List<String> resolved = new ArrayList<>();
        for (String a : args) {
            resolved.add(a.matches("c\\d+") ? repo.hash(a) : a);
        }
        TestRepo.Snapshot before = TestRepo.userState(repo.dir());
        Result r = run(base(resolved.toArray(String[]::new)));
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains(mention);
        assertThat(tmp.resolve("r.json")).doesNotExist();
        assertThat(TestRepo.userState(repo.dir())).isEqualTo(before);
    }

    @Test
    void notARepository() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        List<String> a = base("--bad", "main", "--good", "x");
        a.set(a.indexOf("--repo") + 1, empty.toString());
        Result r = run(a);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("not a git repository");
    }

    @Test
    void resultFileThatCannotBeWrittenIsRejectedBeforeAnyBuild() throws IOException {
        Path aFile = Files.writeString(tmp.resolve("not-a-dir"), "x");
        for (String json : List.of(aFile.resolve("r.json").toString(), tmp.toString())) {
            List<String> a = base("--bad", "main", "--good", repo.hash("c0"));
            a.set(a.indexOf("--json") + 1, json);
            Result r = run(a);
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains("--json");
            assertThat(r.out()).as("nothing was built").doesNotContain("testing commit");
        }
    }

    @Test
    void benchResultFileThatCannotBeWrittenIsRejectedBeforeTheBench() throws IOException {
        Path aFile = Files.writeString(tmp.resolve("plain-file"), "x");
        Result r = run(List.of("bench", "strategies", "--trials", "1", "--json", aFile.resolve("b.json").toString()));
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("--json").doesNotContain("trials in");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void missingTestCommand() {
        List<String> a = new ArrayList<>(List.of("bisect", "--repo", repo.dir().toString(), "--bad", "main",
                "--build", "true"));
        Result r = run(a);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--test");
    }

    @Test
    void workDirectoryNotWritable() throws IOException {
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Path probe = ro.resolve("probe");
            boolean root = false;
            try {
                Files.createFile(probe);
                Files.delete(probe);
                root = true; // root ignores permissions: make the work path a file instead
            } catch (IOException expected) {
                // not writable, as wanted
            }
            Path work = root ? Files.writeString(tmp.resolve("a-file"), "x") : ro.resolve("work");
            List<String> a = base("--bad", "main", "--good", repo.hash("c0"));
            a.set(a.indexOf("--work") + 1, work.toString());
            Result r = run(a);
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).contains("--work");
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void testCommandThatDoesNotExist() {
        List<String> a = base("--bad", "main", "--good", repo.hash("c0"));
        a.set(a.indexOf("--test") + 1, "./no-such-test-program");
        Result r = run(a);
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains("no-such-test-program");
        assertThat(tmp.resolve("r.json")).doesNotExist();
    }
}
