package dev.culprit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pathological console text: everything must parse in linear time (these tests finish in well under a second
 * each with the line-based scanner; a backtracking pattern would hang on them).
 */
@Timeout(60) // a quadratic scan shows up as minutes here
class RobustnessTest {
    private static void parsesSanely(String text) {
        List<Report> rs = Reports.parse(text);
        for (Report r : rs) {
            assertThat(r.title()).isNotBlank();
            assertThat(r.start()).isBetween(0, r.end());
            assertThat(r.end()).isLessThanOrEqualTo(text.length());
        }
    }

    @Test
    void tenMegabyteLineWithoutNewline() {
        parsesSanely("BUG: KASAN: use-after-free in " + "a".repeat(10_000_000));
        parsesSanely("WARNING: CPU: 0 PID: 1 at " + "x/".repeat(5_000_000));
        parsesSanely("==1==ERROR: AddressSanitizer: " + "heap-".repeat(2_000_000));
    }

    @Test
    void megabytesOfBracketsAndDigits() {
        parsesSanely("[".repeat(4_000_000));
        parsesSanely("[ ".repeat(2_000_000) + "\nBUG: soft lockup\n");
        parsesSanely("1234567890".repeat(400_000));
        parsesSanely("[  1.0]".repeat(500_000));
        parsesSanely("[<".repeat(2_000_000));
        parsesSanely(" ? +0x/".repeat(500_000));
        parsesSanely((":".repeat(100) + " runtime error: " + "\n").repeat(20_000));
    }

    @Test
    void binaryAndInvalidUtf8() {
        byte[] bytes = new byte[3_000_000];
        new Random(7).nextBytes(bytes);
        parsesSanely(new String(bytes, StandardCharsets.UTF_8));
        parsesSanely(new String(bytes, StandardCharsets.ISO_8859_1));
        String withReport = new String(bytes, 0, 10_000, StandardCharsets.UTF_8)
                + "\nBUG: KASAN: use-after-free in foo+0x1/0x2\nRead of size 8\nCall Trace:\n foo+0x1/0x2\n\u0000\u00ff";
        assertThat(Reports.parse(withReport)).extracting(Report::title)
                .contains("KASAN: use-after-free Read in foo");
    }

    @Test
    void manyHeadersInARow() {
        parsesSanely("BUG: KASAN: use-after-free in f+0x1/0x2\n".repeat(100_000));
        parsesSanely("general protection fault: 0000 [#1]\n".repeat(100_000));
        parsesSanely("INFO: rcu_sched self-detected stall on CPU\n".repeat(50_000));
    }

    @Test
    void emptyAndTinyInputs() {
        assertThat(Reports.parse("")).isEmpty();
        assertThat(Reports.parse("\n\n\n")).isEmpty();
        parsesSanely("BUG");
        parsesSanely("BUG: ");
        parsesSanely("WARNING");
        parsesSanely("INFO: task");
        parsesSanely("Kernel panic - not syncing: ");
        parsesSanely("UBSAN: ");
        parsesSanely("BUG: KASAN: ");
        parsesSanely("\r\n\r");
    }
}
