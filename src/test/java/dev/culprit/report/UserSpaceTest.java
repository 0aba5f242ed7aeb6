package dev.culprit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real outputs of small C programs built with gcc -fsanitize=address,undefined / thread, and plain glibc. */
class UserSpaceTest {
    static String resource(String name) throws IOException {
        try (InputStream in = UserSpaceTest.class.getResourceAsStream("/report/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            user/asan-heap-use-after-free.txt  | AddressSanitizer: heap-use-after-free in parse_record  | SANITIZER   | parse_record
            user/asan-heap-buffer-overflow.txt | AddressSanitizer: heap-buffer-overflow in parse_record | SANITIZER   | parse_record
            user/asan-double-free.txt          | AddressSanitizer: double-free in main                  | SANITIZER   | main
            user/asan-segv.txt                 | AddressSanitizer: SEGV in main                         | SANITIZER   | main
            user/lsan-leak.txt                 | LeakSanitizer: memory leak in main                     | MEMORY_LEAK | main
            user/tsan-race.txt                 | ThreadSanitizer: data race in worker                   | SANITIZER   | worker
            user/ubsan-overflow.txt            | UBSan: signed-integer-overflow in uaf.c:8              | UBSAN       |
            user/glibc-assert.txt              | assertion failed in main: mode == 0                    | ASSERT      | main
            """)
    void titles(String file, String title, CrashType type, String guilty) throws IOException {
        List<Report> reports = Reports.parse(resource(file));
        assertThat(reports).isNotEmpty();
        Report r = reports.get(0);
        assertThat(r.title()).isEqualTo(title);
        assertThat(r.type()).isEqualTo(type);
        assertThat(r.guiltyFrame().map(Frame::function).orElse(null)).isEqualTo(guilty);
        assertThat(r.start()).isBetween(0, r.end());
        assertThat(r.text()).isNotEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            11 | user/asan-segv.txt | SIGSEGV in main
            6  | ''                 | SIGABRT
            99 | ''                 | signal 99
            """)
    void signals(int signo, String file, String title) throws IOException {
        String out = file.isEmpty() ? "" : resource(file);
        Report r = Reports.signal(signo, out);
        assertThat(r.title()).isEqualTo(title);
        assertThat(r.type()).isEqualTo(CrashType.SIGNAL);
    }
}
