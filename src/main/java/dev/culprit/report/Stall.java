package dev.culprit.report;

import java.util.List;
import java.util.Set;

/**
 * Generic dispatchers for stall and lockup reports. A stalled CPU is caught somewhere inside a long-running
 * operation; the innermost frame where that operation was dispatched (a syscall entry, a softirq, a timer, a
 * work item, a packet handed to a protocol) points at the handler that ran too long: its callee is blamed.
 */
final class Stall {
    private Stall() {
    }

    private static final Set<String> EXACT = Set.of("do_syscall_64", "do_syscall_x64", "do_fast_syscall_32",
            "__do_fast_syscall_32", "do_int80_syscall_32", "__do_int80_syscall_32", "do_syscall_32_irqs_on",
            "x64_sys_call", "ia32_sys_call", "invoke_syscall", "el0_svc_common", "ret_fast_syscall",
            "el0_svc_handler", "do_el0_svc", "system_call_fastpath", "entry_SYSCALL_64_fastpath",
            "vfs_ioctl", "__do_softirq", "handle_softirqs", "call_timer_fn", "expire_timers", "process_one_work",
            "kthread", "__hrtimer_run_queues", "tasklet_action_common", "tasklet_action", "tasklet_hi_action",
            "__netif_receive_skb_core", "__netif_receive_skb_one_core", "__netif_receive_skb_list_core",
            "net_rx_action", "sock_sendmsg_nosec", "__sock_sendmsg", "sock_recvmsg_nosec", "sock_recvmsg",
            "vfs_write", "vfs_read", "__vfs_write", "__vfs_read", "new_sync_write", "new_sync_read",
            "do_iter_readv_writev", "do_loop_readv_writev", "__do_fault", "do_dentry_open", "mmap_region",
            "rcu_do_batch", "flush_smp_call_function_queue", "__flush_smp_call_function_queue",
            "generic_smp_call_function_single_interrupt", "nfnetlink_rcv_msg", "rtnetlink_rcv_msg",
            "genl_rcv_msg", "netlink_rcv_skb", "run_ksoftirqd", "smpboot_thread_fn", "worker_thread",
            "ret_from_fork", "el0_svc_naked", "do_vfs_ioctl", "__se_sys_ioctl", "__x64_sys_ioctl",
            "ksys_ioctl");

    private static final List<String> PREFIXES = List.of("entry_SYSCALL", "entry_SYSENTER", "entry_INT80");

    static boolean dispatcher(String fn) {
        if (EXACT.contains(fn)) {
            return true;
        }
        for (String p : PREFIXES) {
            if (fn.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
