package dev.culprit.report;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Functions never blamed for a crash: the code that detects, prints or dispatches a crash, and the common
 * helpers (locks, allocation, copying, string functions) that crash only because their caller handed them bad
 * data. The guilty frame is the first frame that is none of these.
 */
final class Helpers {
    private Helpers() {
    }

    /** Name prefixes of helper families. */
    private static final List<String> KERNEL_PREFIXES = List.of(
            // sanitizer and debugging runtimes
            "kasan_", "__kasan_", "kmsan_", "__kmsan_", "__msan_", "kcsan_", "__kcsan_", "__tsan_", "kfence_",
            "__kfence_", "__asan_", "asan_", "__sanitizer_", "sanitizer_cov", "write_comp_data", "__ubsan_",
            "ubsan_", "check_memory_region", "check_object_size", "__check_object_size", "check_heap_object",
            "check_copy_size", "__check_heap_object", "print_address_description", "print_report",
            "describe_object", "__kmemleak", "kmemleak_", "debug_object", "__debug_object", "debug_print_object",
            "debug_check_no_obj_freed", "__debug_check_no_obj_freed", "instrument_", "kmsan_copy",
            // printing and stack dumping (not the unwinder show_trace_log_lvl: a sanitizer that trips inside it
            // while a stack is printed blames it, as syzkaller does)
            "dump_stack", "__dump_stack", "show_stack", "show_regs", "printk", "vprintk", "_printk",
            "__printk", "dump_backtrace", "nmi_cpu_backtrace", "nmi_trigger_cpumask_backtrace",
            "arch_trigger_cpumask_backtrace", "trigger_", "rcu_dump_cpu_stacks", "print_cpu_stall",
            "print_other_cpu_stall", "check_cpu_stall", "rcu_sched_clock_irq", "rcu_check_callbacks",
            "rcu_report_", "__warn", "warn_slowpath", "warn_bogus", "report_bug", "fixup_bug", "handle_bug",
            "do_error_trap", "do_trap", "do_invalid_op", "exc_invalid_op", "asm_exc_", "invalid_op", "__die", "die",
            "oops_end", "bug_handler", "panic", "__panic", "__stack_chk_fail", "print_usage_bug", "print_lock",
            "print_circular", "print_bad_irq", "print_irq", "print_deadlock", "print_unlock",
            "print_lockdep", "print_held_locks", "lockdep_print", "debug_show", "debug_lockdep", "print_shortest",
            "arch_stack_walk", "stack_trace_", "save_stack", "__save_stack",
            "kmemleak_alloc", "watchdog", "__watchdog", "should_fail", "fail_dump", "__should_fail",
            // locking (lockdep, spinlocks, mutexes, rwsems, rcu read side)
            "lock_acquire", "lock_release", "__lock_acquire", "lock_acquired", "lock_contended", "lockdep_",
            "__lockdep_", "mark_lock", "mark_held_locks", "mark_usage", "validate_chain",
            "check_prev_add", "check_prevs_add", "check_noncircular", "check_deadlock", "check_irq_usage",
            "check_usage", "check_flags", "print_", "__might_sleep", "___might_sleep",
            "__might_resched", "__might_fault", "might_fault", "__cant_sleep", "check_preemption_disabled",
            "debug_smp_processor_id", "__this_cpu_preempt_check", "_raw_spin_", "raw_spin_", "spin_lock",
            "spin_unlock", "spin_trylock", "do_raw_spin", "__raw_spin", "_raw_read_", "_raw_write_", "do_raw_read",
            "do_raw_write", "__raw_read", "__raw_write", "queued_spin", "queued_read", "queued_write",
            "native_queued_spin", "__pv_queued_spin", "pv_queued_spin", "__raw_callee_save", "read_lock",
            "read_unlock", "write_lock", "write_unlock", "mutex_lock", "mutex_unlock", "__mutex_", "mutex_trylock",
            "rt_mutex", "__rt_mutex", "down_read", "down_write", "up_read", "up_write", "rwsem_", "__rwsem",
            "__down", "down_", "percpu_down", "percpu_up", "__percpu_down", "__percpu_up", "rcu_read_lock",
            "rcu_read_unlock", "__rcu_read", "rcu_lock_", "local_bh_", "__local_bh_", "_local_bh",
            // (not lock_sock, __lock_sock or release_sock: syzkaller skips them in lockdep's locking bugs only, and
            // blames them elsewhere, e.g. a use-after-free of the socket __lock_sock locks)
            "seqcount_", "write_seqcount", "__write_seqcount", "ww_mutex",
            "__ww_mutex", "lock_timer_base", "lock_page", "__lock_page", "folio_lock", "__folio_lock",
            "__wait_on_bit", "out_of_line_wait_on_bit", "bit_wait",
            // scheduling and waiting
            "schedule", "__schedule", "preempt_schedule", "io_schedule", "context_switch", "__switch_to",
            "finish_task_switch", "wait_for_completion", "__wait_for_common", "wait_for_common",
            "do_wait_for_common", "__flush_work", "flush_work", "wait_on_page", "folio_wait", "__folio_wait",
            "wait_on_bit", "prepare_to_wait", "finish_wait", "__wait_rcu_gp", "wait_rcu_gp", "rcuwait_",
            "do_nanosleep", "hrtimer_nanosleep", "usleep_range", "msleep", "__cond_resched", "_cond_resched",
            "cond_resched", "try_to_wake_up", "__wake_up", "autoremove_wake_function",
            // list debugging and refcounts
            "__list_add_valid", "__list_del_entry_valid", "__list_add", "list_add", "list_del", "__list_del",
            "__hlist", "hlist_", "refcount_", "__refcount_", "kref_", "kobject_put", "atomic_", "arch_atomic",
            // allocation
            "kmalloc", "__kmalloc", "kmem_cache_alloc", "kmem_cache_free", "kfree", "kvfree", "kzalloc",
            "kvmalloc", "__kvmalloc", "kvzalloc", "kcalloc", "kmalloc_array", "krealloc", "__krealloc",
            "kmemdup", "kstrdup", "kstrndup", "kmem_cache_zalloc", "slab_", "__slab_", "___slab_alloc",
            "__do_kmalloc", "do_kmalloc", "kmalloc_node", "__kmalloc_node", "kmem_cache_alloc_node",
            "__cache_free", "cache_alloc", "____cache_alloc", "kmalloc_trace", "__kmalloc_large",
            "kmalloc_large", "slab_free", "do_slab_free", "__do_slab_free", "slab_alloc", "alloc_pages",
            "__alloc_pages", "alloc_page", "__get_free_pages", "get_zeroed_page", "vmalloc", "__vmalloc",
            "vzalloc", "vfree", "__vfree", "kmalloc_order", "kmalloc_slab", "kmem_cache_alloc_trace",
            "kmem_cache_alloc_lru", "memdup_user", "vmemdup_user", "pcpu_", "__alloc_percpu", "alloc_percpu",
            // (not qlist_free_all: a crash while KASAN's quarantine frees its objects is titled there, the
            // quarantine walks a list the bug corrupted)
            "free_percpu", "kfree_rcu", "__kfree_rcu", "quarantine_", "___cache_free", "__free_pages",
            "free_pages", "__free_page", "free_unref", "free_the_page", "__folio_put", "folio_put", "put_page",
            "__put_page", "get_page_from_freelist", "prep_new_page", "post_alloc_hook", "allocate_slab",
            // (new_slab itself is blamed, as syzkaller does, when the page allocator warns below it; only the
            // older kernels' new_slab_objects is skipped)
            "new_slab_", "kmem_cache_alloc_bulk", "alloc_slab_page", "setup_object", "memcg_",
            // copying and string helpers
            "memcpy", "memset", "memmove", "memcmp", "__memcpy", "__memset", "__memmove", "memchr", "memscan",
            "strlen", "strnlen", "strcmp", "strncmp", "strcpy", "strncpy", "strscpy", "strlcpy", "strcat",
            "strncat", "strchr", "strrchr", "strstr", "sized_strscpy", "__fortify", "fortify_", "_copy_to_user",
            "_copy_from_user", "copy_to_user", "copy_from_user", "__copy_", "copy_user_", "raw_copy_",
            "_raw_copy", "copyout", "copyin", "copy_in_user", "__get_user", "get_user", "__put_user", "put_user",
            "strncpy_from_user", "__strncpy_from_user", "strnlen_user", "clear_user", "__clear_user",
            "_copy_to_iter", "copy_to_iter", "_copy_from_iter", "copy_from_iter", "copy_page_to_iter",
            "copy_page_from_iter", "copy_user_enhanced", "rep_movs", "csum_partial",
            "sprintf", "snprintf", "vsnprintf", "scnprintf", "vscnprintf", "sscanf", "vsscanf", "kasprintf",
            "kvasprintf", "bitmap_", "__bitmap", "find_next", "_find_next",
            // the iov_iter walkers behind the copy helpers (not iterate_dir or iterate_bdevs, which are callers)
            "iterate_iovec", "iterate_kvec", "iterate_bvec", "iterate_xarray", "iterate_ubuf", "iterate_and_advance",
            "__iterate_and_advance", "iterate_all_kinds",
            // iomap's per-folio state (ifs_alloc, ifs_free, ...) asserts on the folios a file system hands it
            "ifs_",
            // port and MMIO accessors (lib/logic_pio.c, lib/iomap.c) read or write the address the driver gave them
            "logic_in", "logic_out", "ioread", "iowrite",
            "__sw_hweight",
            // fault and interrupt entry
            "page_fault", "do_page_fault", "__do_page_fault", "exc_page_fault", "handle_page_fault",
            "do_user_addr_fault", "do_kern_addr_fault", "kernelmode_fixup_or_oops", "page_fault_oops",
            "no_context", "spurious_kernel_fault", "do_general_protection",
            "exc_general_protection", "general_protection", "do_divide_error", "exc_divide_error",
            "divide_error", "do_mem_abort", "el1_", "el1h_", "el0_da", "do_translation_fault", "do_bad_area",
            "__do_kernel_fault", "do_alignment", "die_kernel_fault", "__do_user_fault", "fixup_exception",
            "apic_timer_interrupt", "smp_apic_timer_interrupt", "sysvec_", "__sysvec_", "hrtimer_interrupt",
            "__hrtimer_run_queues", "tick_sched", "update_process_times", "irq_exit", "__irq_exit", "irqentry_",
            "trace_hardirqs", "trace_irq", "lockdep_hardirqs", "native_safe_halt", "arch_local_irq",
            "__local_irq", "arch_cpu_idle", "default_idle", "do_idle", "cpu_startup_entry", "common_interrupt",
            "ret_from_intr", "irq_work", "nmi_", "default_do_nmi", "do_nmi", "exc_nmi", "__sanitizer",
            "entry_SYSCALL", "entry_SYSENTER", "entry_INT80", "do_syscall_", "__do_fast_syscall",
            "do_fast_syscall", "do_int80", "syscall_enter", "syscall_exit", "ret_from_fork", "kthread",
            "ret_fast_syscall", "invoke_syscall", "__invoke_syscall", "do_el0_svc", "x64_sys_call",
            "ia32_sys_call", "handle_mm_fault", "__handle_mm_fault",
            // misc generic
            "add_taint", "kasprintf", "ftrace_", "__ftrace", "function_trace", "fentry", "mcount",
            "mark_buffer_dirty", "xas_", "__xas", "radix_tree_", "idr_", "ida_", "rb_", "__rb_", "timerqueue_add",
            "llist_", "mutex_", "rt_mutex_", "klist_", "lock_page", "unlock_page", "xas_start", "xas_load",
            "xas_find", "trace_hardirqs", "trace_softirqs", "lockdep_hardirqs", "lockdep_softirqs",
            // generic infrastructure that only passes a bad object along (device model, sysfs, tracing, ...)
            "sysfs_remove", "device_del", "device_unregister", "kobject_", "usb_kill_urb", "hwrng_unregister",
            "rollback_registered", "__vunmap", "init_timer_key", "register_lock_class", "look_up_lock_class",
            "__x86_indirect_thunk", "__x86_return_thunk", "strnstr", "hex_string", "format_decode",
            "widen_string", "string_nocheck", "proc_create", "proc_register", "osq_lock", "call_rwsem_",
            "perf_trace_", "trace_event_raw", "__traceiter", "__trace_", "df_debug",
            "___preempt_schedule", "retint_", "dump_cpu_task", "sched_show_task", "rcu_print_detail",
            "print_cpu_stall", "show_state", "rcu_gp_kthread", "rcu_check_gp", "rcu_stall", "__flush_work",
            "synchronize_rcu_expedited_wait", "lockdep_rcu_suspicious", "unregister_netdevice",
            "device_add", "device_remove_file", "dpm_sysfs_remove", "skb_panic", "skb_over_panic",
            "skb_under_panic", "va_format", "walk_stackframe", "__virt_to_phys", "printk_safe_flush");

    /**
     * Exact helper names that would be too broad as prefixes. The skb freeing path is skipped, but not
     * skb_release_data itself: it walks the skb's own shared info, so a fault there is blamed on it.
     */
    private static final Set<String> KERNEL_EXACT = Set.of("up", "down", "lock", "unlock", "kthread",
            "rcu_pending",
            "call_rcu", "synchronize_rcu_sched", "consume_skb", "kfree_skb", "__kfree_skb", "sk_free",
            "skb_release_all", "string", "pointer", "number", "sort", "bsearch", "complete", "kfree",
            "iput", "iput_final", "ihold", "get_taint", "put_device", "__phys_addr", "inb", "inw", "inl", "outb",
            "outw", "outl", "readb", "readw", "readl", "readq", "writeb", "writew", "writel", "writeq");

    /** Names that start like a helper family but are real callers worth blaming. */
    private static final Set<String> KERNEL_NOT_HELPERS = Set.of("schedule_tail", "print_fatal_signal",
            "string_escape_mem", "atomic_notifier_call_chain", "down_trylock");

    /**
     * Fragments that mark a helper wherever they occur in the name ({@code ldsem_down_write} is a semaphore
     * helper, {@code __reiserfs_panic} a panic path, {@code i2c_del_adapter} device-model teardown): the same
     * families syzkaller skips, matched as substrings.
     */
    private static final List<String> KERNEL_FRAGMENTS = List.of(
            "__sanitizer", "__asan", "kasan", "__msan", "kmsan", "check_memory_region", "read_word_at_a_time",
            "print_address_description", "panic", "invalid_op", "report_bug", "fixup_bug", "do_error", "_trap",
            "dump_stack", "warn_slowpath", "warn_alloc", "__warn", "debug_object", "timer_is_static_object",
            "work_is_static_object", "lockdep", "perf_trace", "lock_acquire", "lock_release", "lock_class",
            "reacquire_held_locks", "spin_lock", "spin_trylock", "spin_unlock", "raw_read_lock", "raw_read_trylock",
            "raw_write_lock", "raw_write_trylock", "down", "up_read", "up_write", "mutex_lock", "mutex_trylock",
            "mutex_unlock", "mutex_remove_waiter", "osq_lock", "osq_unlock", "__wake_up", "refcount_add",
            "refcount_sub", "refcount_inc", "refcount_dec", "refcount_set", "refcount_read", "memcpy", "memcmp",
            "memset", "memchr", "memmove", "strcmp", "strncmp", "strcpy", "strlcpy", "strncpy", "strscpy", "strlen",
            "strnstr", "strnlen", "strchr", "copy_to_user", "copy_from_user", "put_user", "get_user",
            "might_fault", "might_sleep", "list_add", "list_del", "list_replace", "list_move", "list_splice",
            "_indirect_thunk_", "string", "pointer", "snprintf", "scnprintf", "kasprintf", "kvasprintf", "printk",
            "va_format", "vprintk", "dev_info", "dev_notice", "dev_warn", "dev_err", "dev_alert", "dev_crit", "dev_emerg",
            "program_check_exception", "program_check_common", "del_timer", "flush_work", "__cancel_work_timer",
            "cancel_work_sync", "try_to_grab_pending", "flush_workqueue", "drain_workqueue", "destroy_workqueue",
            "finish_wait", "kthread_stop", "kobject_del", "kobject_put", "kobject_uevent_env", "add_uevent_var",
            "get_device_parent", "device_add", "device_del", "device_unregister", "device_destroy",
            "device_release", "devres_release_all", "hwrng_unregister", "i2c_del_adapter", "__unregister_client",
            "device_for_each_child", "rollback_registered", "unregister_netdev", "sysfs_remove",
            // (tty_unregister_device is no helper: it tears down a tty driver's own device, and is blamed)
            "device_remove_file", "dummy_urb_enqueue", "usb_kill_urb",
            "usb_kill_anchored_urbs", "usb_control_msg", "usb_bulk_msg", "usb_interrupt_msg", "usb_hcd_submit_urb",
            "usb_submit_urb",
            "wait_for_completion", "kfree_skb", "skb_put", "skb_push", "skb_pull", "skb_over_panic", "skb_under_panic", "kmalloc", "alloc_pages", "alloc_frozen_pages", "kfree", "kvfree",
            // seqlock, bit and atomic operations: they fault on the caller's bad pointer
            "seqprop_assert", "set_bit", "clear_bit", "change_bit", "test_bit", "atomic_dec", "atomic_inc",
            "atomic_read", "atomic_set", "atomic_add", "atomic_sub", "atomic_fetch", "atomic_xchg",
            "atomic_cmpxchg", "atomic_try", "atomic_or", "atomic_and", "atomic_xor", "atomic64_",
            "ref_tracker", "owner_on_cpu", "raw_spin_rq", "read_lock", "write_lock", "read_unlock", "write_unlock",
            "read_trylock", "write_trylock",
            // workqueue plumbing: the caller queued or flushed the bad work
            "queue_work", "insert_work", "queue_delayed_work",
            // allocator internals of every generation (kmem_cache_alloc_node, __kmem_cache_alloc_node, ...)
            "kmem_cache", "memdup", "strdup", "strndup",
            // iterators copying data out: the caller's buffer or source is at fault
            "copy_to_iter", "copy_from_iter", "copy_page_to_iter", "copy_page_from_iter", "copy_folio_to_iter",
            "extract_user_to_sg", "extract_iter_to_sg",
            // page cache and inode teardown helpers that crash on a file system's bad state
            "find_lock_entries", "truncate_inode_pages_range", "drop_nlink", "fast_dput", "dput",
            "do_read_cache_folio", "read_cache_page", "filemap_alloc_folio", "truncate_cleanup_folio",
            "truncate_cleanup_page",
            "__filemap_get_folio", "find_or_create_page", "pagecache_get_page", "grab_cache_page_write_begin",
            "folio_alloc", "folio_unlock",
            // hex dumps, checksums and assertion helpers print or check what the caller gave them
            "hex_dump_to_buffer", "print_hex_dump", "crc_itu_t", "assertfail", "print_tainted",
            "__fortify_report", "rhashtable_lookup", "cleanup_srcu_struct", "stack_trace_consume_entry",
            "stack_trace_save", "ida_free",
            // timers
            "lock_timer_base", "__timer_delete_sync", "sk_stop_timer_sync", "__mod_timer",
            // hardware tag-based KASAN and arm64 fault entry
            "hwasan", "do_tag_check_fault", "do_kernel_fault", "do_translation_fault", "el1_abort",
            "el1h_64_sync");

    /** Fragments that mark a helper even glued to a longer word ({@code sget_userns}, {@code dev_vprintk_emit}). */
    private static final Set<String> ANYWHERE = Set.of("get_user", "put_user", "printk", "kasan", "kmsan",
            "lockdep", "panic");

    /**
     * The fragments indexed for a fast test (every frame of every report is checked): those matched anywhere in
     * the name (a leading underscore, or {@link #ANYWHERE}), and the rest by first character, matched only at the
     * start of the name or right after an underscore ({@code ldsem_down_write} holds {@code down},
     * {@code vhci_shutdown_connection} does not). Prefixes are indexed by first character too.
     */
    private static final List<String> FRAGMENTS_ANYWHERE = KERNEL_FRAGMENTS.stream()
            .filter(p -> p.charAt(0) == '_' || ANYWHERE.contains(p)).toList();
    private static final Map<Character, List<String>> FRAGMENTS_AT_WORD = byFirstChar(KERNEL_FRAGMENTS.stream()
            .filter(p -> p.charAt(0) != '_' && !ANYWHERE.contains(p)).toList());
    private static final Map<Character, List<String>> PREFIXES = byFirstChar(KERNEL_PREFIXES);

    private static Map<Character, List<String>> byFirstChar(List<String> names) {
        return names.stream().collect(Collectors.collectingAndThen(
                Collectors.groupingBy(p -> p.charAt(0), Collectors.toUnmodifiableList()), Map::copyOf));
    }

    /** Whether a fragment occurs in {@code fn} as described at {@link #FRAGMENTS_AT_WORD}. */
    private static boolean hasFragment(String fn) {
        for (String p : FRAGMENTS_ANYWHERE) {
            if (fn.contains(p)) {
                return true;
            }
        }
        for (int i = 0; i < fn.length(); i++) {
            if (i > 0 && fn.charAt(i - 1) != '_') {
                continue;
            }
            List<String> cands = FRAGMENTS_AT_WORD.get(fn.charAt(i));
            if (cands == null) {
                continue;
            }
            for (String p : cands) {
                if (fn.startsWith(p, i)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the kernel function (already {@link Frames#canonical canonical}) is never to blame. */
    static boolean kernel(String fn) {
        if (fn.isEmpty()) {
            return false;
        }
        if (KERNEL_EXACT.contains(fn) || hasFragment(fn)) {
            return true;
        }
        if (KERNEL_NOT_HELPERS.contains(fn)) {
            return false;
        }
        if (checksumOrUncheckedRead(fn)) {
            return true;
        }
        List<String> cands = PREFIXES.get(fn.charAt(0));
        if (cands != null) {
            for (String p : cands) {
                if (fn.startsWith(p)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Checksum routines ({@code crc16}, {@code crc32c_le}) read whatever buffer they are given, and the unwinder's
     * {@code __read_once_word_nocheck} reads any stack: the caller handed them the bad memory.
     */
    private static boolean checksumOrUncheckedRead(String fn) {
        if (fn.length() > 3 && fn.startsWith("crc") && Character.isDigit(fn.charAt(3))) {
            return true;
        }
        int once = fn.indexOf("_once_");
        return once >= 0 && fn.endsWith("nocheck")
                && (fn.startsWith("read", Math.max(0, once - 4)) || fn.startsWith("write", Math.max(0, once - 5)));
    }

    private static final List<String> USER_PREFIXES = List.of("__asan", "__lsan", "__msan", "__tsan", "__ubsan",
            "__sanitizer", "__interceptor", "___interceptor", "__interception", "asan_", "msan_", "tsan_", "lsan_",
            "ubsan_", "__GI_", "__libc_", "_IO_", "__interceptor_", "__memcpy", "__memmove", "__memset",
            "__strlen", "__strcpy", "__assert", "__GI___assert", "__pthread_", "pthread_kill", "__abort",
            "_dl_", "__restore_rt", "__cxa_", "std::__", "operator new", "operator delete", "_Znw", "_Zdl",
            "_Zna", "_Zda", "__ubsan_handle", "__sigsetjmp", "__fortify_fail", "__chk_fail", "___chk_fail",
            "__stack_chk_fail", "__libc_start", "__GI_abort", "__GI_raise");

    private static final Set<String> USER_EXACT = Set.of("malloc", "calloc", "realloc", "free", "memalign",
            "posix_memalign", "aligned_alloc", "valloc", "pvalloc", "strdup", "strndup", "memcpy", "memmove",
            "memset", "memcmp", "bcmp", "strlen", "strnlen", "strcpy", "strncpy", "strcat", "strncat", "strcmp",
            "strncmp", "strchr", "strrchr", "strstr", "sprintf", "snprintf", "vsprintf", "vsnprintf", "printf",
            "fprintf", "puts", "fputs", "abort", "raise", "assert", "__assert_fail", "__assert_perror_fail",
            "_start", "main_thread", "start_thread", "clone", "clone3", "gsignal", "__libc_start_main",
            "__libc_start_call_main", "__cxa_throw", "sigaction", "kill", "read", "write", "memchr", "wcslen",
            "__strdup", "__interceptor_free", "__interceptor_malloc", "__pthread_kill_implementation",
            "__pthread_kill_internal", "__GI___pthread_kill", "operator new", "operator delete", "operator new[]",
            "operator delete[]");

    /** Whether a user-space function (sanitizer runtime, libc, allocator) is never to blame. */
    static boolean user(String fn) {
        if (USER_EXACT.contains(fn)) {
            return true;
        }
        for (String p : USER_PREFIXES) {
            if (fn.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
