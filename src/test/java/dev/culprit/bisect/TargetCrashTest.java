package dev.culprit.bisect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.culprit.report.Report;
import dev.culprit.report.Reports;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A target named with --title, as users copy it from syzbot, against the reports of the rule rows. */
class TargetCrashTest {
    /** The rows that expect a crash (a row with an empty TITLE: holds none). */
    static Stream<Path> rows() throws IOException, URISyntaxException {
        Path dir = Path.of(TargetCrashTest.class.getResource("/report/linux").toURI());
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.sorted().filter(TargetCrashTest::hasTitle).toList();
            assertThat(files).hasSizeGreaterThan(20);
            return files.stream();
        }
    }

    private static boolean hasTitle(Path row) {
        try {
            return !Files.readAllLines(row, StandardCharsets.UTF_8).get(0).strip().equals("TITLE:");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void aTitleNamesItsCrashWithOrWithoutSyzbotsNumber(Path row) throws IOException {
        String text = Files.readString(row, StandardCharsets.UTF_8);
        List<Report> reports = Reports.parse(text.substring(text.indexOf("\n\n") + 2));
        assertThat(reports).isNotEmpty();
        Report crash = reports.get(0);
        assertThat(TargetCrash.named(crash.title()).matches(crash)).isTrue();
        // syzbot's dashboard tells apart bugs that share a title by a number: "... (2)".
        assertThat(TargetCrash.named(crash.title() + " (2)").matches(crash)).isTrue();
        assertThat(TargetCrash.named(" " + crash.title() + " (13) ").matches(crash)).isTrue();
        assertThat(TargetCrash.named(crash.title() + " in another_function").matches(crash)).isFalse();
    }
}
