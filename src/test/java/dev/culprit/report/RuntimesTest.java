package dev.culprit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real outputs of small programs that fail (Python 3.11, OpenJDK 17, Node.js 20, Rust 1.95, Go 1.19, g++ 12), each in
 * {@code report/runtimes/} with a header: the expected {@code TITLE:} and the {@code EXIT:} status the process ended
 * with (above 128: killed by signal status - 128, as {@code sh} reports it).
 */
public class RuntimesTest {
    /** One file of the test data; ProcessRunnerTest runs the same cases through a real test command. */
    public record Case(String name, String title, int exit, String output) {
        @Override
        public String toString() {
            return name;
        }
    }

    public static Stream<Case> cases() throws IOException, URISyntaxException {
        Path dir = Path.of(RuntimesTest.class.getResource("/report/runtimes").toURI());
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(25);
        return files.stream().map(RuntimesTest::read);
    }

    private static Case read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int blank = text.indexOf("\n\n");
            String title = "";
            int exit = -1;
            for (String line : text.substring(0, blank).split("\n")) {
                if (line.startsWith("TITLE: ")) {
                    title = line.substring(7);
                } else if (line.startsWith("EXIT: ")) {
                    exit = Integer.parseInt(line.substring(6));
                }
            }
            return new Case(file.getFileName().toString(), title, exit, text.substring(blank + 2));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void titleOfAFailedProcess(Case c) {
        Report r = c.exit() > 128 ? Reports.signal(c.exit() - 128, c.output()) : Reports.exited(c.exit(), c.output());
        assertThat(r.title()).isEqualTo(c.title());
        if (!c.title().startsWith("exit status")) {
            assertThat(r.text()).as("the report's text is the trace").isNotEmpty();
            assertThat(c.output()).contains(r.text());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aTraceAloneIsNoCrashReport(Case c) {
        // A program may log a caught exception's trace and succeed: runtime traces count only for failed processes.
        // Nor is a runtime's failure read as another kind of report (Go's "panic: runtime error: index out of
        // range" is no UBSan report): it would take the place of the runtime's title.
        assertThat(Reports.parseProgramOutput(c.output())).extracting(Report::title).isEmpty();
    }

    @Test
    void titlesLeaveOutWhatChangesFromRunToRun() {
        String a = "panic: runtime error: index out of range [5] with length 3\n\ngoroutine 1 [running]:\n"
                + "main.parse(...)\n\t/src/main.go:13\nmain.main()\n\t/src/main.go:18 +0x1c9\nexit status 2\n";
        String b = a.replace("[5] with length 3", "[9] with length 4").replace(":13", ":40").replace("+0x1c9", "+0x2");
        assertThat(Reports.exited(2, a).title()).isEqualTo(Reports.exited(2, b).title())
                .isEqualTo("Go panic: runtime error: index out of range in main.parse");
    }

    @Test
    void guiltyFrameIsTheProgramsOwnWithItsFile() {
        Case c = cases0("java-number-format");
        Report r = Reports.exited(c.exit(), c.output());
        assertThat(r.guiltyFrame()).get().extracting(Frame::function, Frame::file)
                .containsExactly("App.parse", "com/example/App.java");
        assertThat(r.frames()).extracting(Frame::function).startsWith("NumberFormatException.forInputString");
        assertThat(r.type()).isEqualTo(CrashType.EXCEPTION);
    }

    @Test
    void aPythonReportEndsWithItsExceptionLine() {
        // The exception line carries the message the user needs; the report's text is what logs and mails show.
        Case c = cases0("python-index");
        assertThat(Reports.exited(c.exit(), c.output()).text()).endsWith("IndexError: list index out of range\n");
    }

    @Test
    void rustFramesFromTheStandardLibraryAreToldByTheirSourcePath() {
        // <alloc::vec::Vec<T,A> as core::ops::index::Index<I>>::index names no crate the program owns at its front;
        // its source under /rustc/<commit>/library/ says it is the standard library's.
        Report r = Reports.exited(101, cases0("rust-vec-index").output());
        assertThat(r.guiltyFrame()).get().extracting(Frame::function, Frame::file)
                .containsExactly("v::pick", "./v.rs");
        assertThat(r.frames()).extracting(Frame::function).contains("alloc::vec::Vec::index");
    }

    private static Case cases0(String name) {
        try {
            return cases().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
