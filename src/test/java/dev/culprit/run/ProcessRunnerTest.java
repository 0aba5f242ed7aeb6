package dev.culprit.run;

import dev.culprit.build.BuildResult;
import dev.culprit.common.Processes;
import dev.culprit.report.RuntimesTest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test command that prints a failed program's output (report/runtimes/: Python, Java, Go, Rust, C++, Node.js
 * and plain failures, each with the title and exit status it should get) and exits as that program did: the run's
 * outcome carries the title the runtime's failure deserves, never a generic one.
 */
class ProcessRunnerTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.culprit.report.RuntimesTest#cases")
    void aFailedRunIsTitledByItsRuntime(RuntimesTest.Case c, @TempDir Path tmp) throws IOException {
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Files.writeString(tree.resolve("output.txt"), c.output());
        // A signal's status (128 + N) is what a shell reports for a program killed by it: kill itself with it.
        String test = "cat output.txt; "
                + (c.exit() > 128 ? "kill -" + (c.exit() - 128) + " $$" : "exit " + c.exit());
        ProcessRunner runner = new ProcessRunner(test, tree, Duration.ofMinutes(1), tmp.resolve("runs"),
                new Processes());
        RunOutcome outcome = runner.run(new BuildResult("c1", true, Optional.empty(), Duration.ZERO, "",
                Optional.empty()), 1);
        assertThat(outcome).isInstanceOf(RunOutcome.Crashed.class);
        assertThat(((RunOutcome.Crashed) outcome).title()).isEqualTo(c.title());
    }
}
