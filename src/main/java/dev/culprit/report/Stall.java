package dev.culprit.report;

import java.util.List;

/**
 * Anchor frames for stall and lockup reports. A stalled CPU is caught somewhere inside a long-running loop; the
 * innermost frame where the work was dispatched (a syscall entry, a softirq, a timer, a work item, a file or
 * socket operation, a page fault, the return-to-user work) marks the boundary: the frame just above it (its
 * callee, the handler that ran too long) names the stall, so that stalls with one root share one title.
 */
final class Stall {
    private Stall() {
    }

    /** Fragments naming a dispatcher wherever they occur in the function name. */
    private static final List<String> ANYWHERE = List.of("process_one_work", "do_syscall_", "do_fast_syscall_",
            "sysenter_dispatch", "tracesys_phase2", "netif_receive_skb", "do_softirq", "call_timer_fn",
            "_run_timers", "run_timer_softirq", "run_ksoftirqd", "smpboot_thread_fn", "start_secondary",
            "cpu_startup_entry", "ret_from_fork", "vfs_write", "vfs_read", "vfs_iter_read", "vfs_iter_write",
            "do_iter_read", "do_iter_write", "vfs_ioctl", "ksys_ioctl", "compat_ioctl", "compat_sys_ioctl",
            "blkdev_driver_ioctl", "blkdev_ioctl", "do_iter_readv_writev", "mmap_region", "do_mmap",
            "do_dentry_open", "vfs_open", "__sys_setsockopt", "kernel_setsockopt", "sock_common_setsockopt",
            "__sys_listen", "kernel_listen", "sk_common_release", "__sys_accept", "kernel_accept", "__do_fault",
            "__fput", "task_work_run", "exit_to_usermode", "exit_to_user_mode",
            "smp_call_function", "new_sync_read", "new_sync_write",
            // arm/arm64 syscall entry, softirq work items and timers
            "invoke_syscall", "el0_svc_handler", "ret_fast_syscall", "hrtimer_run", "tasklet_action",
            "tasklet_hi_action", "do_page_fault");

    /** Names that are dispatchers only when the function name starts with them. */
    private static final List<String> STARTS = List.of("call_read_iter", "call_write_iter", "call_mmap",
            "sock_sendmsg", "sock_recvmsg", "sock_release", "__sock_release", "sock_mmap", "sock_do_ioctl",
            "sock_ioctl", "compat_sock_ioctl", "nfnetlink_rcv_msg", "rtnetlink_rcv_msg", "netlink_dump");

    /** Syscall entry points whose argument names the real handler (connect, ioctl, socketpair). */
    private static final List<String> SYSCALL_PREFIXES = List.of("SYSC_", "SyS_", "__sys_", "___sys_", "__do_sys_",
            "__se_sys_", "__x64_sys_", "compat_SYSC_", "compat_SyS_", "compat___sys_", "compat___do_sys_",
            "compat___se_sys_", "compat___x64_sys_");

    static boolean dispatcher(String fn) {
        for (String p : ANYWHERE) {
            if (fn.contains(p)) {
                return true;
            }
        }
        for (String p : STARTS) {
            if (fn.startsWith(p)) {
                return true;
            }
        }
        if (fn.equals("kthread") || fn.equals("page_fault")) {
            return true;
        }
        for (String p : SYSCALL_PREFIXES) {
            if (fn.startsWith(p)) {
                String call = fn.substring(p.length());
                if (call.equals("socketpair") || call.equals("connect") || call.equals("ioctl")) {
                    return true;
                }
            }
        }
        return false;
    }
}
