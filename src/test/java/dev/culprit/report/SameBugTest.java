package dev.culprit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The same-bug rule the bisection engine uses to tell the target crash from an unrelated one. */
class SameBugTest {
    /** A minimal kernel console report with {@code header} and one call trace. */
    static Report kernel(String header, String... frames) {
        StringBuilder sb = new StringBuilder("[   60.014572][ T4392] " + header + "\n");
        if (header.contains("KASAN: ")) {
            sb.append("[   60.014590][ T4392] Read of size 8 at addr ffff88801234 by task syz/4392\n");
        }
        sb.append("[   60.014600][ T4392] Call Trace:\n");
        for (String f : frames) {
            sb.append("[   60.014610][ T4392]  ").append(f).append("+0x1a/0x40\n");
        }
        List<Report> rs = Reports.parse(sb.toString());
        assertThat(rs).as(header).isNotEmpty();
        return rs.get(0);
    }

    @Test
    void aTypedTitleMayNameAReportOfTheSameKindWithItsFunctionInTheStack() {
        // An older syzbot title blamed the fortify helper, culprit's rules (and today's syzkaller) its caller: a user
        // typing that title names this report; a title of another kind, or a function outside the stack, names none.
        Report warn = kernel("WARNING: CPU: 0 PID: 5921 at lib/string_helpers.c:1029 __fortify_report+0x1a/0x40",
                "__fortify_report", "__fortify_panic", "bch2_sb_to_text", "bch2_read_super");
        assertThat(warn.title()).isEqualTo("WARNING in bch2_sb_to_text");
        assertThat(warn.mayBeNamed("WARNING in __fortify_report")).isTrue();
        assertThat(warn.mayBeNamed("WARNING in bch2_read_super")).isTrue();
        assertThat(warn.mayBeNamed("WARNING in kvm_wait")).isFalse();
        assertThat(warn.mayBeNamed("general protection fault in bch2_sb_to_text")).isFalse();
        assertThat(warn.mayBeNamed("WARNING")).isFalse();
        Report uaf = kernel("BUG: KASAN: use-after-free in hci_conn_drop+0x1a/0x40", "hci_conn_drop",
                "__x64_sys_ioctl", "do_syscall_64");
        // (names as syzbot spells them: the syscall wrapper and the access direction are folded)
        assertThat(uaf.mayBeNamed("KASAN: use-after-free Write in sys_ioctl")).isTrue();
        assertThat(uaf.mayBeNamed("KASAN: slab-out-of-bounds Read in sys_ioctl")).isFalse();
        assertThat(Report.synthetic("WARNING in f", CrashType.UNKNOWN).mayBeNamed("WARNING in f")).isFalse();
    }

    @Test
    void theReferenceLogsUnrelatedCrashIsNotTheTarget() {
        Report gpf = kernel("general protection fault, probably for non-canonical address 0xdffffc0000000000: 0000 "
                + "[#1] PREEMPT SMP KASAN", "hwsim_set_edge_lqi", "genl_family_rcv_msg_doit", "genl_rcv_msg");
        Report warn = kernel("WARNING: CPU: 1 PID: 4392 at arch/x86/kernel/kvm.c:568 kvm_wait+0x10/0x20",
                "kvm_wait", "__pv_queued_spin_lock_slowpath", "do_raw_spin_lock");
        assertThat(gpf.title()).isEqualTo("general protection fault in hwsim_set_edge_lqi");
        assertThat(warn.title()).isEqualTo("WARNING in kvm_wait");
        assertThat(gpf.sameBug(warn)).isFalse();
        assertThat(warn.sameBug(gpf)).isFalse();
        assertThat(gpf.sameBug(gpf)).isTrue();
    }

    @Test
    void kasanAndGeneralProtectionFaultInOneFunctionAreOneBug() {
        Report kasan = kernel("BUG: KASAN: use-after-free in hwsim_set_edge_lqi+0x1a/0x40", "kasan_report",
                "hwsim_set_edge_lqi", "genl_rcv_msg");
        Report gpf = kernel("general protection fault: 0000 [#1] SMP KASAN", "hwsim_set_edge_lqi", "genl_rcv_msg");
        assertThat(kasan.sameBug(gpf)).isTrue();
        assertThat(gpf.sameBug(kasan)).isTrue();
        Report warn = kernel("WARNING: CPU: 0 PID: 1 at x.c:1 hwsim_set_edge_lqi+0x1/0x2", "hwsim_set_edge_lqi");
        assertThat(warn.sameBug(gpf)).as("a warning is not a bad access").isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            KASAN: use-after-free Read in f                      | KASAN: use-after-free Write in f                 | true
            INFO: rcu detected stall in __x64_sys_futex          | INFO: rcu detected stall in sys_futex           | true
            general protection fault in foo.isra.3               | general protection fault in foo                 | true
            unregister_netdevice: waiting for lo to become free  | unregister_netdevice: waiting for lo to become free | true
            KASAN: slab-out-of-bounds Read in f                  | KASAN: use-after-free Read in f                 | false
            WARNING in kvm_wait                                  | general protection fault in hwsim_set_edge_lqi  | false
            AddressSanitizer: heap-use-after-free in f           | AddressSanitizer: heap-use-after-free in g      | false
            exit status 1                                        | exit status 2                                   | true
            """)
    void syntheticReportsCompareByTitle(String a, String b, boolean same) {
        Report x = Report.synthetic(a, CrashType.UNKNOWN);
        Report y = Report.synthetic(b, CrashType.UNKNOWN);
        assertThat(x.sameBug(y)).isEqualTo(same);
        assertThat(y.sameBug(x)).isEqualTo(same);
    }

    @Test
    void syntheticAndParsedCompareByTitleOnly() {
        Report parsed = kernel("general protection fault: 0000 [#1] SMP KASAN", "hwsim_set_edge_lqi");
        assertThat(Report.synthetic("general protection fault in hwsim_set_edge_lqi", CrashType.UNKNOWN)
                .sameBug(parsed)).isTrue();
        assertThat(Report.synthetic("KASAN: use-after-free Read in hwsim_set_edge_lqi", CrashType.KASAN)
                .sameBug(parsed)).isFalse();
    }
}
