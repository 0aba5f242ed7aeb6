package dev.culprit.bisect;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** syzbot's verdict table: crashes of any title, OK runs, infra and other outcomes fill the rest. */
class ClassicVerdictTest {

    @ParameterizedTest(name = "{0} OK, {1} crashed, {2} runs, flaky={3} -> {4}")
    @CsvSource({
            // ok, crashed, total, flaky, verdict
            "9, 1, 10, false, SKIP",   // 1 bad + 9 OK
            "5, 0, 10, false, GOOD",   // 5 OK + 3 infra + 2 skip
            "4, 2, 10, false, BAD",    // 4 OK + 2 bad + 2 infra + 2 skip
            "2, 2, 10, false, SKIP",   // 2/2/3/3
            "10, 0, 20, true, SKIP",   // flaky: 10 OK of 20
            "15, 0, 20, true, GOOD",   // flaky: 15 OK of 20
            "7, 3, 10, true, BAD",     // flaky: 3 bad + 7 OK
            "7, 3, 20, true, BAD",     // 3 crashes are enough at 20 runs when half the runs are OK or crashed
            "8, 2, 20, true, SKIP",    // ... but 2 are not
            "0, 10, 10, false, BAD",
            "10, 0, 10, false, GOOD",
            "4, 0, 10, false, SKIP",   // too few OK runs
            "0, 0, 10, false, SKIP",   // all infra
    })
    void verdictTable(int ok, int crashed, int total, boolean flaky, Verdict expected) {
        assertThat(ClassicStrategy.verdict(crashed, ok, total, flaky)).isEqualTo(expected);
    }
}
