package dev.culprit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A sanitizer report cut by another oops of the same task before its closing line is corrupted; one that closed
 * first, or one cut by another task's output, is not.
 */
class InterruptedReportTest {
    private static String kmsan(String tid, boolean closed, String otherTid) {
        StringBuilder b = new StringBuilder();
        b.append("[  1.000000][" + tid + "] =====================================================\n");
        b.append("[  1.000001][" + tid + "] BUG: KMSAN: uninit-value in foo_read+0x4ff/0x12b0\n");
        b.append("[  1.000002][" + tid + "]  foo_read+0x4ff/0x12b0\n");
        b.append("[  1.000003][" + tid + "]  vfs_read+0x193/0x340\n");
        b.append("[  1.000004][" + tid + "]  ksys_read+0x193/0x340\n");
        b.append("[  1.000005][" + tid + "]  do_syscall_64+0x54/0xd0\n");
        b.append("[  1.000006][" + tid + "] \n");
        if (closed) {
            b.append("[  1.000007][" + tid + "] Uninit was created at:\n");
            b.append("[  1.000008][" + tid + "] (stack is not available)\n");
            b.append("[  1.000009][" + tid + "] =====================================================\n");
        }
        b.append("[  1.000010][" + otherTid + "] WARNING: CPU: 1 PID: 8537 at lib/stackdepot.c:293 stack_depot_fetch+0x33/0x60\n");
        b.append("[  1.000011][" + otherTid + "] RIP: 0010:stack_depot_fetch+0x33/0x60\n");
        b.append("[  1.000012][" + otherTid + "] Call Trace:\n");
        b.append("[  1.000013][" + otherTid + "]  kmsan_report+0x1ed/0x310\n");
        b.append("[  1.000014][" + otherTid + "]  foo_read+0x4ff/0x12b0\n");
        b.append("[  1.000015][" + otherTid + "]  vfs_read+0x193/0x340\n");
        return b.toString();
    }

    @Test
    void sanitizerReportCutByTheSameTasksWarningIsCorrupted() {
        List<Report> rs = Reports.parse(kmsan(" T8537", false, " T8537"));
        assertThat(rs.get(0).title()).isEqualTo("KMSAN: uninit-value in foo_read");
        assertThat(rs.get(0).corrupted()).isTrue();
    }

    @Test
    void closedReportOrAnotherTasksWarningLeavesItIntact() {
        assertThat(Reports.parse(kmsan(" T8537", true, " T8537")).get(0).corrupted()).isFalse();
        assertThat(Reports.parse(kmsan(" T8537", false, " T9000")).get(0).corrupted()).isFalse();
    }
}
