package dev.culprit.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code culprit report} on saved logs from the report test data (the header with the expected title cut off, as a
 * user's file would have none): a kernel console, a program's output that ends in its runtime's failure, and
 * output where the runtime's trace was only logged.
 */
class ReportCommandTest {
    private record Result(int exit, String out, String err) {
    }

    private static Result report(String file) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute("report", file);
        return new Result(exit, out.toString(), err.toString());
    }

    /** The test data file's log, without its header, saved as a user's file. */
    private static Path logOf(String resource, Path dir) throws IOException, URISyntaxException {
        String text = Files.readString(Path.of(ReportCommandTest.class.getResource(resource).toURI()),
                StandardCharsets.UTF_8);
        Path file = dir.resolve(Path.of(resource).getFileName().toString() + ".log");
        Files.writeString(file, text.substring(text.indexOf("\n\n") + 2));
        return file;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/report/linux/divide-error-trap-identifier | 0 | divide error in snd_hrtimer_callback",
        "/report/runtimes/python-chained            | 0 | Python RuntimeError in get",
        "/report/runtimes/java-npe                  | 0 | Java NullPointerException in App.lookup",
        "/report/runtimes/go-index                  | 0 | Go panic: runtime error: index out of range in main.parse",
        "/report/runtimes/python-logged-then-more-work | 1 | no crash report",
        "/report/runtimes/plain-failure             | 1 | no crash report",
    })
    void titlesALog(String resource, int exit, String title, @TempDir Path tmp) throws Exception {
        Result r = report(logOf(resource, tmp).toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(exit);
        assertThat(r.out().lines().findFirst()).contains(title);
    }

    @Test
    void anUnreadableInputIsAUsageError(@TempDir Path tmp) {
        Result r = report(tmp.resolve("missing.log").toString());
        assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).startsWith("culprit: cannot read ").contains("missing.log");
    }
}
