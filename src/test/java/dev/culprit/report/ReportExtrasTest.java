package dev.culprit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Synthesised reports, suppressions and crash categories. */
class ReportExtrasTest {
    @Test
    void synthesisedReportsHaveTheirFixedTitles() {
        assertThat(Report.noOutput().title()).isEqualTo("no output from test machine");
        assertThat(Report.noOutput().type()).isEqualTo(CrashType.NO_OUTPUT);
        assertThat(Report.lostConnection().title()).isEqualTo("lost connection to test machine");
        assertThat(Report.lostConnection().category()).isEqualTo("LOST_CONNECTION");
        assertThat(Report.timedOut().title()).isEqualTo("timed out");
        assertThat(Report.timedOut().type()).isEqualTo(CrashType.TIMEOUT);
        assertThat(Report.noOutput().sameBug(Report.noOutput())).isTrue();
        assertThat(Report.noOutput().sameBug(Report.timedOut())).isFalse();
    }

    private static final String PANIC = """
            [   10.000000] Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b
            [   10.000001] CPU: 0 PID: 1 Comm: init Not tainted 5.10.0 #1
            [   10.000002] Call Trace:
            [   10.000003]  dump_stack+0x10/0x20
            [   10.000004]  panic+0x10/0x20
            [   10.000005]  do_exit+0x10/0x20
            """;

    @Test
    void reportsInOutputOfADyingTestMachineAreSuppressed() {
        List<Report> plain = Reports.parse(PANIC);
        assertThat(plain).extracting(Report::title).containsExactly("kernel panic: Attempted to kill init!");
        assertThat(plain.get(0).suppressed()).isFalse();
        List<Report> dying = Reports.parse("INIT: PANIC: segmentation violation! sleeping for 30 seconds.\n" + PANIC);
        assertThat(dying.get(0).suppressed()).isTrue();
        assertThat(Reports.parse("[ 1.0] Out of memory: Kill process 123 (syz-fuzzer) score 1\n" + PANIC).get(0)
                .suppressed()).isTrue();
        assertThat(Reports.parse("[ 1.0] Out of memory: Kill process 123 (syz-executor) score 1\n" + PANIC).get(0)
                .suppressed()).isFalse();
    }

    @Test
    void aUserProgramsOwnFailureIsNotSuppressed() {
        // glibc's stack protector in a program under test is the bug, not a dying test machine's fuzzer.
        String smashed = "copying the record\n*** stack smashing detected ***: terminated\nAborted\n";
        assertThat(Reports.parseProgramOutput(smashed)).singleElement().satisfies(r -> {
            assertThat(r.title()).isEqualTo("stack smashing detected");
            assertThat(r.suppressed()).isFalse();
        });
        String oom = "fatal error: out of memory\n\ngoroutine 1 [running]:\nruntime.throw()\n";
        assertThat(Reports.parseProgramOutput(oom)).allSatisfy(r -> assertThat(r.suppressed()).isFalse());
    }

    @Test
    void categoriesFollowTheTitle() {
        assertThat(Category.of("KASAN: use-after-free Read in f")).isEqualTo("KASAN-USE-AFTER-FREE-READ");
        assertThat(Category.of("KASAN: slab-out-of-bounds Write in f")).isEqualTo("KASAN-WRITE");
        assertThat(Category.of("possible deadlock in f")).isEqualTo("LOCKDEP");
        assertThat(Category.of("INFO: task hung in f")).isEqualTo("HANG");
        assertThat(Category.of("general protection fault in f")).isEqualTo("DoS");
        assertThat(Category.of("WARNING in f")).isEqualTo("WARNING");
        assertThat(Category.of("INFO: corrupted")).isEqualTo(Category.UNKNOWN);
        assertThat(Category.of("something else")).isEqualTo(Category.UNKNOWN);
    }

    @Test
    void goRuntimeCrashesAreOneKind() {
        String go = "fatal error: out of memory\n\ngoroutine 1 [running]:\nruntime.throw()\n";
        assertThat(Reports.parse(go)).extracting(Report::title).containsExactly("go runtime error");
        assertThat(Reports.parse(go).get(0).suppressed()).isTrue();
        // A fatal error inside the runtime prints its own stack, no goroutine.
        assertThat(Reports.parse("fatal error: runtimer: bad p\n\nruntime stack:\nruntime.throw()\n"))
                .extracting(Report::title).containsExactly("go runtime error");
    }
}
