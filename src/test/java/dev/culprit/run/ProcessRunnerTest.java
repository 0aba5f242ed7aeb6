package dev.culprit.run;

import dev.culprit.build.BuildResult;
import dev.culprit.common.Processes;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test command that prints a failed program's output (report/runtimes/: Python, Java, Go, Rust, C++, Node.js
 * and plain failures, each with the title and exit status it should get) and exits as that program did: the run's
 * outcome carries the title the runtime's failure deserves, never a generic one.
 */
class ProcessRunnerTest {
    record Case(String name, String title, int exit, String output) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() throws IOException, URISyntaxException {
        Path dir = Path.of(ProcessRunnerTest.class.getResource("/report/runtimes").toURI());
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        return files.stream().map(ProcessRunnerTest::read);
    }

    private static Case read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int blank = text.indexOf("\n\n");
            List<String> header = text.substring(0, blank).lines().toList();
            String title = header.stream().filter(l -> l.startsWith("TITLE: ")).findFirst().orElseThrow().substring(7);
            int exit = Integer.parseInt(header.stream().filter(l -> l.startsWith("EXIT: ")).findFirst().orElseThrow()
                    .substring(6));
            return new Case(file.getFileName().toString(), title, exit, text.substring(blank + 2));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aFailedRunIsTitledByItsRuntime(Case c, @TempDir Path tmp) throws IOException {
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Files.writeString(tree.resolve("output.txt"), c.output());
        // A signal's status (128 + N) is what a shell reports for a program killed by it: kill itself with it.
        String test = c.exit() > 128 ? "cat output.txt; kill -" + (c.exit() - 128) + " $$" : "cat output.txt; exit " + c.exit();
        ProcessRunner runner = new ProcessRunner(test, tree, Duration.ofMinutes(1), tmp.resolve("runs"),
                new Processes());
        RunOutcome outcome = runner.run(new BuildResult("c1", true, Optional.empty(), Duration.ZERO, "",
                Optional.empty()), 1);
        assertThat(outcome).isInstanceOf(RunOutcome.Crashed.class);
        assertThat(((RunOutcome.Crashed) outcome).title()).isEqualTo(c.title());
    }
}
