package dev.culprit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One real console excerpt per Linux rule family (resources report/linux: real kernel logs from the shared corpus,
 * which comes from syzkaller's test data, Apache-2.0, trimmed to the lines a rule reads; same header format; where the corpus holds no example of a format variant,
 * the row is a corpus report rewritten in that variant's real spelling): stall dispatchers and interrupt markers, lockups, stack overflows, the
 * call trace of sleeping-in-atomic reports, lockdep state reports, list corruption, user-space traps, messages
 * whose stacks end a report, helper skipping (and callers that only look like helpers), header spelling variants,
 * and the stack heading of each architecture.
 */
class LinuxRulesTest {
    static Stream<Path> cases() throws IOException, URISyntaxException {
        Path dir = Path.of(LinuxRulesTest.class.getResource("/report/linux").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void titleAndCorruptedFlag(Path file) throws IOException {
        CorpusTest.Case k = CorpusTest.Case.read(file);
        List<Report> reports = Reports.parse(k.text());
        if (k.title().isEmpty()) {
            assertThat(reports).as("no report").isEmpty();
            return;
        }
        assertThat(reports).isNotEmpty();
        assertThat(reports.get(0).title()).isEqualTo(k.title());
        assertThat(reports.get(0).corrupted()).as("corrupted").isEqualTo(k.corrupted());
    }
}
