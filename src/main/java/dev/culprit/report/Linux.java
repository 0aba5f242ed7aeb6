package dev.culprit.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Linux kernel console parsing: finds oops headers line by line, groups each with the lines that belong to it,
 * and builds the title from the header and the guilty frame.
 */
final class Linux {
    private Linux() {
    }

    /** Lines after a header that can still belong to its report. */
    private static final int MAX_REPORT_LINES = 600;

    /** Headers also found in the middle of a line, glued to other output by a console without newlines. */
    private static final String[] MID_LINE = {"general protection fault", "BUG: KASAN: ", "Kernel panic - not syncing",
        "WARNING: CPU: ", "BUG: unable to handle", "SYZFAIL: ", "SYZFATAL: "};

    /** Every kernel report in the console, in order. */
    static List<Report> parse(Console c) {
        List<Report> out = new ArrayList<>();
        int n = c.size();
        int[][] mid = midLineHeaders(c);
        int[] midLines = mid[0];
        int[] midAts = mid[1];
        int midNext = 0; // lines are visited in order: a cursor into midLines replaces a lookup per line
        int curStart = -1;
        int curHead = -1; // the header line the title is read from (the last one of a symbolized header)
        Header cur = null;
        for (int i = 0; i < n; i++) {
            Header h = detect(c, i);
            if (h == null && i + 1 < n && startsAfterWhitespace(c, i, "INFO: task ")
                    && c.content(i).strip().startsWith("INFO: task ")) {
                // A task name with a newline in it splits the hung-task header over two lines.
                String joined = c.content(i).strip() + c.content(i + 1).strip();
                Header j = classify(joined.length() > Console.MAX_LINE ? joined.substring(0, Console.MAX_LINE) : joined);
                if (j != null && j.oops() == Oops.TASK_HUNG) {
                    h = j;
                }
            }
            while (midNext < midLines.length && midLines[midNext] < i) {
                midNext++;
            }
            if (h == null && midNext < midLines.length && midLines[midNext] == i) {
                int at = midAts[midNext];
                int lineEnd = Math.min(c.text.length(), at + Console.MAX_LINE);
                int nl = c.text.indexOf('\n', at);
                h = classify(c.text.substring(at, nl < 0 || nl > lineEnd ? lineEnd : nl));
            }
            if (h == null) {
                continue;
            }
            if (h.rest().equals("generic") && c.context(i).isEmpty()) {
                continue; // an unknown "WARNING:" counts only when the kernel printed it
            }
            if (cur != null && i == curHead + 1 && h.oops() == cur.oops() && symbolizedContinuation(c, curHead, i)) {
                cur = h; // the header's function expanded into its inlined callees: the last line is the kernel's
                curHead = i;
                continue;
            }
            if (cur != null && i - curStart < MAX_REPORT_LINES && h.oops().follower) {
                continue; // "Kernel panic - not syncing", "invalid opcode: 0000" ...: the same crash going on.
            }
            if (cur != null && absorbs(cur, h, i - curStart)) {
                continue;
            }
            if (cur != null) {
                Report r = buildAcross(c, cur, curStart, curHead, i, n);
                out.add(interrupted(c, cur, curHead, i) ? markInterrupted(r) : r);
            }
            cur = h;
            curStart = i;
            curHead = i;
        }
        if (cur != null) {
            out.add(build(c, cur, curStart, curHead, Math.min(n, curStart + maxLines(cur))));
        }
        return out;
    }

    /**
     * For each {@link #MID_LINE} header, a character of it that is rare in console output and where it stands in
     * the header: the text is searched for these characters ({@link String#indexOf(int, int)} is vectorised) and
     * only their few occurrences are compared with the headers.
     */
    private static final char[] MID_ANCHOR = {'g', 'K', 'K', 'W', 'U', 'Z', 'Z'};
    private static final int[] MID_ANCHOR_AT = {0, 5, 0, 0, 1, 2, 2};

    static {
        for (int k = 0; k < MID_LINE.length; k++) {
            if (MID_LINE[k].charAt(MID_ANCHOR_AT[k]) != MID_ANCHOR[k]) {
                throw new AssertionError("anchor of " + MID_LINE[k]);
            }
        }
    }

    /**
     * Headers glued mid-line: {lines, offsets}, sorted by line, with the offset of the first {@link #MID_LINE}
     * header on each line that starts after the line's console prefix. Every occurrence of each header is found
     * (through its anchor character, see {@link #MID_ANCHOR}); the text is read once per anchor character.
     */
    private static int[][] midLineHeaders(Console c) {
        String t = c.text;
        int[] found = new int[16];
        int count = 0;
        for (int a = 0; a < MID_ANCHOR.length; a++) {
            char anchor = MID_ANCHOR[a];
            boolean seen = false;
            for (int b = 0; b < a; b++) {
                seen |= MID_ANCHOR[b] == anchor;
            }
            if (seen) {
                continue; // that character's pass already checked every header anchored on it
            }
            for (int z = t.indexOf(anchor); z >= 0; z = t.indexOf(anchor, z + 1)) {
                for (int k = a; k < MID_LINE.length; k++) {
                    int at = z - MID_ANCHOR_AT[k];
                    if (MID_ANCHOR[k] == anchor && at >= 0 && t.startsWith(MID_LINE[k], at)) {
                        if (count == found.length) {
                            found = Arrays.copyOf(found, count * 2);
                        }
                        found[count++] = at;
                    }
                }
            }
        }
        Arrays.sort(found, 0, count);
        int[] lines = new int[count];
        int[] ats = new int[count];
        int kept = 0;
        for (int k = 0; k < count; k++) {
            int at = found[k];
            int line = c.lineOf(at);
            if (line < 0 || at <= c.contentStart(line) + 1 || (kept > 0 && lines[kept - 1] == line)) {
                continue; // at the line's start (detect() sees it), or the line already has an earlier one
            }
            lines[kept] = line;
            ats[kept] = at;
            kept++;
        }
        return new int[][] {Arrays.copyOf(lines, kept), Arrays.copyOf(ats, kept)};
    }

    /**
     * Whether line {@code i}'s content, leading whitespace skipped, starts with {@code p}: a cheap test on the
     * raw text, without copying the line, that lets the exact (copying) test run only on the few lines passing.
     */
    private static boolean startsAfterWhitespace(Console c, int i, String p) {
        String t = c.text;
        int k = c.contentStart(i);
        int end = c.end(i);
        while (k < end && Character.isWhitespace(t.charAt(k))) {
            k++;
        }
        return k + p.length() <= end && t.startsWith(p, k);
    }

    /**
     * {@code s.toLowerCase(Locale.ROOT).contains(needle)} for a lower-case ASCII needle, without lower-casing (copying)
     * every line of a report: a character-wise scan finds the lines that may match, the exact test confirms them.
     */
    static boolean containsLower(String s, String needle) {
        return mayContainLower(s, needle) && s.toLowerCase(java.util.Locale.ROOT).contains(needle);
    }

    /**
     * Whether some window of {@code s} lower-cases character by character to {@code needle}. Never false when
     * {@code s.toLowerCase(Locale.ROOT)} contains the needle: an ASCII character of the lower-cased text comes
     * from one character whose {@link Character#toLowerCase(char)} it is, or from the 'i' that U+0130 expands to
     * (taken here as matching anything).
     */
    private static boolean mayContainLower(String s, String needle) {
        int n = needle.length();
        char first = needle.charAt(0);
        outer:
        for (int k = 0; k + n <= s.length(); k++) {
            char ch = s.charAt(k);
            if (ch != first && lower(ch) != first && ch != '\u0130') {
                continue;
            }
            for (int j = 1; j < n; j++) {
                ch = s.charAt(k + j);
                if (ch != needle.charAt(j) && lower(ch) != needle.charAt(j) && ch != '\u0130') {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** {@link Character#toLowerCase(char)}, with ASCII (nearly every character of a console) done inline. */
    private static char lower(char ch) {
        if (ch < 128) {
            return ch >= 'A' && ch <= 'Z' ? (char) (ch + ('a' - 'A')) : ch;
        }
        return Character.toLowerCase(ch);
    }

    /** Lines a report may span: a stack overflow's trace is the recursion itself and runs far longer. */
    static int maxLines(Header h) {
        return h.stem().equals("BUG: stack guard page was hit") ? 4 * MAX_REPORT_LINES : MAX_REPORT_LINES;
    }

    /** Whether header {@code next}, seen {@code distance} lines after {@code cur}, is part of the same crash. */
    private static boolean absorbs(Header cur, Header next, int distance) {
        if (distance > 80) {
            return false;
        }
        Oops a = cur.oops();
        Oops b = next.oops();
        // A paging fault / KASAN report is followed by its oops line ("general protection fault: 0000 [#1]").
        // "list_del corruption. ..." is followed by the BUG() it triggers ("kernel BUG at lib/list_debug.c").
        if (a == Oops.LIST_CORRUPTION && b == Oops.LIST_CORRUPTION && distance < 5) {
            return true;
        }
        // A Rust panic ends in BUG(): its "kernel BUG at rust/helpers/bug.c" and the oops that follows.
        if (a == Oops.RUST_PANIC && (b == Oops.KERNEL_BUG || b == Oops.INVALID_OPCODE || b == Oops.GPF
                || b == Oops.OOPS_LINE || b == Oops.INTERNAL_ERROR)) {
            return true;
        }
        if ((a == Oops.KERNEL_BUG || a == Oops.LIST_CORRUPTION || a == Oops.BUG_STACK) && b == Oops.INVALID_OPCODE) {
            return true; // "kernel BUG at ..." then "invalid opcode: 0000 [#1]": the ud2 that BUG() executes.
        }
        if ((a == Oops.KASAN || a == Oops.PAGING || a == Oops.KERNEL_BUG || a == Oops.LIST_CORRUPTION
                || a == Oops.UNABLE_ARM) && (b == Oops.GPF || b == Oops.OOPS_LINE || b == Oops.INTERNAL_ERROR)) {
            return true;
        }
        // arm: "Unhandled fault: ..." / "Alignment trap: ..." is followed by its "Internal error: Oops".
        if (a == Oops.INTERNAL_ERROR && !cur.stem().equals("Internal error") && b == Oops.INTERNAL_ERROR
                && next.stem().equals("Internal error")) {
            return true;
        }
        // "BUG: stack guard page was hit" is followed by its "kernel stack overflow (double-fault)" oops line.
        if (a == Oops.BUG_STACK && b == Oops.BUG_STACK && cur.stem().equals(next.stem()) && distance < 5) {
            return true;
        }
        // The stall detector's own NMI backtrace lines are not another stall.
        return a == b && (a == Oops.RCU_STALL || a == Oops.TASK_HUNG || a == Oops.MEMORY_LEAK) && distance < 40;
    }

    // ---------------------------------------------------------------------------------------------- headers

    /** Kinds of kernel oops, each with how its title is built. */
    enum Oops {
        KASAN(CrashType.KASAN, false), KMSAN(CrashType.KMSAN, false), KCSAN(CrashType.KCSAN, false),
        KFENCE(CrashType.KFENCE, false), GPF(CrashType.GPF, false), PAGING(CrashType.PAGE_FAULT, false),
        WARNING(CrashType.WARNING, false), LOCKDEP(CrashType.LOCKDEP, false), BUG_STACK(CrashType.BUG, false),
        BUG_PLAIN(CrashType.BUG, false), KERNEL_BUG(CrashType.BUG, false),
        LIST_CORRUPTION(CrashType.LIST_CORRUPTION, false), DIVIDE(CrashType.DIVIDE_ERROR, false),
        INVALID_OPCODE(CrashType.INVALID_OPCODE, false), OOPS_LINE(CrashType.BUG, true),
        RCU_STALL(CrashType.RCU_STALL, false), SOFT_LOCKUP(CrashType.RCU_STALL, false),
        TASK_HUNG(CrashType.HUNG_TASK, false), MEMORY_LEAK(CrashType.MEMORY_LEAK, false),
        PANIC(CrashType.PANIC, true), UBSAN(CrashType.UBSAN, false), NETDEV(CrashType.HUNG_TASK, true),
        INTERNAL_ERROR(CrashType.BUG, false), UNABLE_ARM(CrashType.PAGE_FAULT, false),
        DOUBLE_FAULT(CrashType.BUG, true), PLAIN(CrashType.BUG, false), SLEEP(CrashType.SLEEP_IN_ATOMIC, false),
        /** A header whose whole (sanitised) text is the title: no stack expected. */
        TEXT(CrashType.BUG, false),
        /** A header that is its own title but whose report should carry a stack trace. */
        TEXT_STACK(CrashType.BUG, false),
        /** "BUG: Dentry ... still in use [unmount of fs dev]": titled by the operation, no stack needed. */
        DENTRY(CrashType.BUG, false),
        REBOOT(CrashType.UNKNOWN, false),
        /** "rust_kernel: panicked at file:line:col:" then the panic message: Rust code's BUG(). */
        RUST_PANIC(CrashType.BUG, false);

        final CrashType type;
        /** Follows another oops and never starts a report of its own while one is open. */
        final boolean follower;

        Oops(CrashType type, boolean follower) {
            this.type = type;
            this.follower = follower;
        }
    }

    /** A recognised header line: its kind, the title stem, and the text after the stem. */
    record Header(Oops oops, String stem, String rest, String line) {
    }

    // The kind is the shortest run of words before "in", "on" or "at": old KMSAN's "use of uninitialized memory
    // in f" has an "of" inside the kind, so "of" never ends it.
    private static final Pattern KASAN_HDR = Pattern.compile(
            "^BUG: (KASAN|KMSAN|KFENCE|KCSAN): ([A-Za-z-]+(?: [a-z-]+){0,4}?) (?:in|on|at) (.{0,300})");
    private static final Pattern WARN_CPU = Pattern.compile(
            "^WARNING: CPU: \\d{1,5} PID: \\d{1,9} at (\\S{1,200}) ([\\w.$]{1,200})(?:\\+0x|\\(|$| )");
    private static final Pattern WARN_NEW = Pattern.compile(
            "^WARNING: (?:\\[[^\\]]{0,200}\\] )?(\\S{1,200}:\\d{1,7}) at ([\\w.$]{1,200})(?:\\+0x|,)");
    private static final Pattern WARN_OLD = Pattern.compile("^WARNING: at (\\S{1,200}) ([\\w.$]{1,200})");
    private static final Pattern TIMESTAMP_IN_TITLE = Pattern.compile("\\[ {0,12}\\d{1,12}\\.\\d{1,12}\\]");

    /** 1 for "Call Trace", 2 for the KASAN alloc/free stacks, 3 for a leak's "backtrace:", else 0. */
    static int stackKeyword(String s) {
        if (s.contains("Call Trace")) {
            return 1;
        }
        if (s.contains("Allocated by task ") || s.contains("Freed by task ") || s.startsWith("Allocated:")
                || s.startsWith("Freed:")) {
            return 2;
        }
        int bt = s.indexOf(" backtrace:");
        if (bt > 0 && s.charAt(bt - 1) != 'k') {
            return 3;
        }
        return 0;
    }

    private static final Pattern MALLOC_FN = Pattern.compile("^k?.?malloc");
    private static final Pattern TASK = Pattern.compile(
            "^INFO: task .{1,80}?:\\d{1,9} (blocked (?:in I/O wait )?for more than|can't die for more than) \\d{1,9} seconds");

    /** Literal starts of every header {@link #classify} knows: a line starting with none of them is skipped. */
    private static final String[] STARTS = {"BUG", "WARNING", "INFO: ", "general protection fault", "Oops: ", "kernel BUG at ",
        "kernel stack overflow", "divide error: ", "divide_error: ", "invalid opcode: ", "Oops: ", "UBSAN: ",
        "Unable to handle kernel ",
        "Unhandled fault: ", "Kernel panic - not syncing: ", "unregister_netdevice: waiting for ",
        "unreferenced object 0x", "PANIC: double fault", "list_add corruption", "list_del corruption", "VFS: ",
        "Alignment trap: ", "stack segment: ", "Internal error: ", "rcu: INFO: ", "watchdog: BUG: ", "[ BUG: ",
        "[ INFO: ", "[ WARNING: ", "NMI watchdog: ", "Booting the kernel.", "trusty: panic", "SYZFAIL: ", "SYZFATAL: ",
        "INFO:", "BUG:", "WARNING:", "rust_kernel: panicked", "IPv6: BUG: "};

    /** {@link #STARTS} by their first character (all ASCII): null for a character no header starts with. */
    private static final String[][] STARTS_BY_FIRST = new String[128][];

    static {
        for (String p : STARTS) {
            String[] had = STARTS_BY_FIRST[p.charAt(0)];
            String[] now = had == null ? new String[1] : Arrays.copyOf(had, had.length + 1);
            now[now.length - 1] = p;
            STARTS_BY_FIRST[p.charAt(0)] = now;
        }
    }

    /** The header on line {@code i}, or null. Literal prefix tests on the raw text keep the common line cheap. */
    static Header detect(Console c, int i) {
        int s = c.contentStart(i);
        String t = c.text;
        int len = t.length();
        int k = 0;
        while (s < len && k < 8 && (t.charAt(s) == ' ' || t.charAt(s) == '\t')) {
            s++;
            k++;
        }
        if (s >= len) {
            return null;
        }
        boolean any = false;
        char ch = t.charAt(s);
        String[] candidates = ch < 128 ? STARTS_BY_FIRST[ch] : null;
        if (candidates == null) {
            return null; // most lines: no header starts with this character
        }
        for (String p : candidates) {
            if (t.startsWith(p, s)) {
                any = true;
                break;
            }
        }
        if (!any) {
            return null;
        }
        return classify(c.content(i).stripLeading());
    }

    static Header classify(String raw) {
        String line = raw;
        // Subsystem prefixes ("rcu: INFO: ...", "watchdog: BUG: soft lockup", "IPv6: BUG: ...") and old lockdep
        // brackets ("[ BUG: bad unlock balance detected! ]") wrap the same headers.
        for (String p : new String[] {"rcu: ", "NMI watchdog: ", "watchdog: ", "IPv6: "}) {
            if (line.startsWith(p)) {
                line = line.substring(p.length());
            }
        }
        if (line.startsWith("[ ") && line.endsWith(" ]")) {
            line = line.substring(2, line.length() - 2);
        }
        if (line.isEmpty()) {
            return null;
        }
        Header special = special(line);
        if (special != null) {
            return special;
        }
        switch (line.charAt(0)) {
            case 'B':
                return bug(line);
            case 'W':
                return warning(line);
            case 'I':
                return info(line);
            case 'g':
                if (line.startsWith("general protection fault")) {
                    if (userTrap(line)) {
                        return null;
                    }
                    return new Header(Oops.GPF, "general protection fault", "", line);
                }
                return null;
            case 'k':
                if (line.startsWith("kernel BUG at ")) {
                    String where = line.substring(14);
                    if (where.startsWith("lib/list_debug.c")) {
                        return new Header(Oops.LIST_CORRUPTION, "BUG: corrupted list", where, line);
                    }
                    if (where.startsWith("mm/usercopy.c")) {
                        return new Header(Oops.BUG_STACK, "BUG: bad usercopy", where, line);
                    }
                    return new Header(Oops.KERNEL_BUG, "kernel BUG", where, line);
                }
                if (line.startsWith("kernel stack overflow")) {
                    return new Header(Oops.BUG_STACK, "BUG: stack guard page was hit", "", line);
                }
                return null;
            case 'd':
                // 5.8-5.10 x86 kernels print the trap by its identifier, "divide_error: 0000 [#1]".
                if (line.startsWith("divide error: ") || line.startsWith("divide_error: ")) {
                    return new Header(Oops.DIVIDE, "divide error", "", line);
                }
                return null;
            case 'i':
                if (line.startsWith("invalid opcode: ")) {
                    return new Header(Oops.INVALID_OPCODE, "invalid opcode", "", line);
                }
                return null;
            case 'O':
                if (line.startsWith("Oops: general protection fault") || line.startsWith("Oops: stack segment")
                        || line.startsWith("Oops: divide error") || line.startsWith("Oops: invalid opcode")) {
                    return classify(line.substring(6)); // newer kernels prefix the x86 trap name with "Oops: "
                }
                if (line.startsWith("Oops: ") && line.contains("[#")) {
                    return new Header(Oops.OOPS_LINE, "Oops", "", line);
                }
                return null;
            case 'U':
                if (line.startsWith("UBSAN: ")) {
                    return ubsan(line);
                }
                if (line.startsWith("Unable to handle kernel ")) {
                    String what = line.startsWith("Unable to handle kernel NULL pointer dereference")
                            ? "BUG: unable to handle kernel NULL pointer dereference"
                            : line.startsWith("Unable to handle kernel access to user memory")
                            ? "BUG: unable to handle kernel access to user memory"
                            : "BUG: unable to handle kernel paging request";
                    return new Header(Oops.UNABLE_ARM, what, "", line);
                }
                if (line.startsWith("Unhandled fault: ")) {
                    return new Header(Oops.INTERNAL_ERROR, "Unhandled fault", "", line);
                }
                return null;
            case 'K':
                if (line.startsWith("Kernel panic - not syncing: ")) {
                    return new Header(Oops.PANIC, "kernel panic", line.substring(28), line);
                }
                return null;
            case 'u':
                if (line.startsWith("unregister_netdevice: waiting for ")) {
                    return new Header(Oops.NETDEV, "unregister_netdevice: waiting for DEV to become free", "",
                            line);
                }
                if (line.startsWith("unreferenced object 0x")) {
                    return new Header(Oops.MEMORY_LEAK, "memory leak", "", line);
                }
                return null;
            case 'P':
                if (line.startsWith("PANIC: double fault")) {
                    return new Header(Oops.DOUBLE_FAULT, "PANIC: double fault", "", line);
                }
                return null;
            case 'l':
                if (line.startsWith("list_add corruption") || line.startsWith("list_del corruption")) {
                    return new Header(Oops.LIST_CORRUPTION, "BUG: corrupted list", "", line);
                }
                return null;
            case 'V':
                if (line.startsWith("VFS: Close: file count is")) {
                    return new Header(Oops.PLAIN, "VFS: Close: file count is zero (use-after-free)", "", line);
                }
                if (line.startsWith("VFS: Busy inodes after unmount")) {
                    return new Header(Oops.PLAIN, "VFS: Busy inodes after unmount (use-after-free)", "", line);
                }
                return null;
            case 'A':
                if (line.startsWith("Alignment trap: ")) {
                    return new Header(Oops.INTERNAL_ERROR, "Alignment trap", "", line);
                }
                return null;
            case 'r':
                if (line.startsWith("rust_kernel: panicked")) {
                    return new Header(Oops.RUST_PANIC, "rust_kernel: panicked", "", line);
                }
                return null;
            case 's':
                if (line.startsWith("stack segment: ")) {
                    return new Header(Oops.GPF, "stack segment fault", "", line);
                }
                return null;
            default:
                if (line.startsWith("Internal error: ")) {
                    return new Header(Oops.INTERNAL_ERROR, "Internal error", "", line);
                }
                return null;
        }
    }

    /**
     * "traps: prog[123] general protection fault ip:7f.. sp:.. error:0 in prog[..]": the kernel logging a user
     * process's fault (it is killed by a signal), not a kernel crash.
     */
    static boolean userTrap(String line) {
        int e = line.indexOf(" error:");
        if (e < 0) {
            return false;
        }
        int k = e + 7;
        while (k < line.length() && Character.isDigit(line.charAt(k))) {
            k++;
        }
        return k > e + 7 && line.startsWith(" in ", k);
    }

    /** Headers that are not oopses of the running kernel: reboots, the TEE, the fuzzer's own failures. */
    private static Header special(String line) {
        if (line.equals("Booting the kernel.") || line.startsWith("Booting the kernel. ")) {
            return new Header(Oops.REBOOT, "unexpected kernel reboot", "", line);
        }
        if (line.startsWith("trusty: panic")) {
            int close = line.indexOf("): ");
            if (close < 0) {
                return null;
            }
            String msg = line.substring(close + 3).strip();
            int assertAt = line.indexOf("ASSERT FAILED");
            if (assertAt >= 0) {
                int colon = line.indexOf("): ", assertAt);
                String what = colon >= 0 ? line.substring(colon + 3).strip() : "";
                // The condition may follow on the next console line: the title then ends at the colon.
                return new Header(Oops.TEXT, ("trusty: ASSERT FAILED: " + what).strip(), "", line);
            }
            return new Header(Oops.TEXT, "trusty: panic: " + Titles.sanitize(msg), "", line);
        }
        if (line.startsWith("SYZFAIL: ") || line.startsWith("SYZFATAL: ")) {
            return new Header(Oops.TEXT, Titles.sanitizeAllNumbers(line.strip()), "", line);
        }
        return null;
    }

    /**
     * addrconf's "BUG: Address fe80::1 on device lo is missing its host route.": the address differs from run to
     * run and is no part of the title, the device is.
     */
    private static Header hostRoute(String line) {
        int sp = line.indexOf(' ', "BUG: Address ".length());
        return new Header(Oops.TEXT, "BUG: Address IPV6ADDR" + line.substring(sp).stripTrailing(), "", line);
    }

    private static Header bug(String line) {
        if (!line.startsWith("BUG")) {
            return null;
        }
        if (line.startsWith("BUG kmalloc-") || line.startsWith("BUG skbuff_") || line.startsWith("BUG ")) {
            if (line.endsWith("Object already free")) {
                return new Header(Oops.TEXT_STACK, "BUG: Object already free", "", line);
            }
            return null;
        }
        if (line.strip().equals("BUG:")) {
            return new Header(Oops.TEXT, "BUG: corrupted", "", line);
        }
        if (line.startsWith("BUG: Address ") && line.contains(" is missing its host route")) {
            return hostRoute(line);
        }
        if (line.startsWith("BUG: KASAN: ") || line.startsWith("BUG: KMSAN: ") || line.startsWith("BUG: KFENCE: ")
                || line.startsWith("BUG: KCSAN: ")) {
            Matcher m = KASAN_HDR.matcher(line);
            Oops o = switch (line.charAt(6)) {
                case 'A' -> Oops.KASAN;
                case 'M' -> Oops.KMSAN;
                case 'F' -> Oops.KFENCE;
                default -> Oops.KCSAN;
            };
            if (line.startsWith("BUG: KCSAN")) {
                o = Oops.KCSAN;
            }
            if (m.lookingAt()) {
                return new Header(o, m.group(1) + ": " + m.group(2), m.group(3), line);
            }
            int colon = line.indexOf(": ", 11);
            String kind = colon > 0 ? line.substring(colon + 2).split(" ", 2)[0] : "";
            return new Header(o, line.substring(5, 10) + ": " + kind, "", line);
        }
        if (line.startsWith("BUG: unable to handle kernel NULL pointer dereference")
                || line.startsWith("BUG: kernel NULL pointer dereference")) {
            return new Header(Oops.PAGING, "BUG: unable to handle kernel NULL pointer dereference", "", line);
        }
        if (line.startsWith("BUG: unable to handle kernel paging request")
                || line.startsWith("BUG: unable to handle page fault")) {
            return new Header(Oops.PAGING, "BUG: unable to handle kernel paging request", "", line);
        }
        if (line.startsWith("BUG: unable to handle kernel access to user memory")
                || line.startsWith("BUG: kernel access to user memory")) {
            return new Header(Oops.PAGING, "BUG: unable to handle kernel access to user memory", "", line);
        }
        if (line.startsWith("BUG: unable to handle kernel")) {
            return new Header(Oops.PAGING, "BUG: unable to handle kernel", "", line);
        }
        // powerpc words its bad page faults differently; they are the same bad accesses as x86's.
        if (line.startsWith("BUG: Kernel NULL pointer dereference")) {
            return new Header(Oops.PAGING, "BUG: unable to handle kernel NULL pointer dereference", "", line);
        }
        if (line.startsWith("BUG: Unable to handle kernel data access")
                || line.startsWith("BUG: Unable to handle kernel instruction fetch")
                || line.startsWith("BUG: Unable to handle unknown paging fault")) {
            return new Header(Oops.PAGING, "BUG: unable to handle kernel paging request", "", line);
        }
        if (line.startsWith("BUG: soft lockup")) {
            return new Header(Oops.SOFT_LOCKUP, "BUG: soft lockup", "", line);
        }
        if (line.startsWith("BUG: workqueue lockup")) {
            return new Header(Oops.BUG_PLAIN, "BUG: workqueue lockup", "", line);
        }
        if (line.startsWith("BUG: workqueue leaked lock or atomic")) {
            return new Header(Oops.BUG_STACK, "BUG: workqueue leaked lock or atomic", "", line);
        }
        if (line.startsWith("BUG: sleeping function called from invalid context")) {
            return new Header(Oops.SLEEP, "BUG: sleeping function called from invalid context", "", line);
        }
        if (line.startsWith("BUG: scheduling while atomic")) {
            return new Header(Oops.SLEEP, "BUG: scheduling while atomic", "", line);
        }
        if (line.startsWith("BUG: using ")) {
            int p = line.indexOf(" in preemptible");
            if (p > 0 && p < 80) {
                return new Header(Oops.SLEEP, line.substring(0, p) + " in preemptible code", "", line);
            }
        }
        if (line.startsWith("BUG: spinlock ") || line.startsWith("BUG: rwlock ")) {
            int p = line.indexOf(" on CPU");
            String stem = p > 0 ? line.substring(0, p) : trimStem(line);
            return new Header(Oops.BUG_STACK, stem, "", line);
        }
        if (line.startsWith("BUG: stack guard page was hit") || (line.startsWith("BUG: ")
                && line.indexOf(" stack guard page was hit") > 0 && line.indexOf(" stack guard page was hit") < 24)) {
            return new Header(Oops.BUG_STACK, "BUG: stack guard page was hit", "", line);
        }
        if (line.startsWith("BUG: Bad page state")) {
            return new Header(Oops.BUG_STACK, "BUG: Bad page state", "", line);
        }
        if (line.startsWith("BUG: Bad page map")) {
            return new Header(Oops.BUG_PLAIN, "BUG: Bad page map", "", line);
        }
        if (line.startsWith("BUG: Bad rss-counter state")) {
            return new Header(Oops.BUG_PLAIN, "BUG: Bad rss-counter state", "", line);
        }
        if (line.startsWith("BUG: bad unlock balance detected")) {
            return new Header(Oops.LOCKDEP, "BUG: bad unlock balance", "", line);
        }
        if (line.startsWith("BUG: Invalid wait context")) {
            return new Header(Oops.LOCKDEP, "WARNING: locking bug", "", line);
        }
        if (line.startsWith("BUG: held lock freed")) {
            return new Header(Oops.LOCKDEP, "BUG: held lock freed", "", line);
        }
        if (line.startsWith("BUG: lock held when returning to user space")) {
            return new Header(Oops.LOCKDEP, "BUG: lock held when returning to user space", "", line);
        }
        if (line.startsWith("BUG: ") && line.contains(" still has locks held!")) {
            return new Header(Oops.LOCKDEP, "BUG: still has locks held", "", line);
        }
        if (line.startsWith("BUG: memory leak")) {
            return new Header(Oops.MEMORY_LEAK, "memory leak", "", line);
        }
        if (line.startsWith("BUG: Dentry ") && line.contains("still in use")) {
            // "BUG: Dentry ffff...{i=..,n=..}  still in use (1) [unmount of proc proc]": the operation names it.
            int open = line.indexOf(" [", line.indexOf("still in use"));
            int of = open < 0 ? -1 : line.indexOf(" of ", open);
            if (of > open + 2 && line.endsWith("]")) {
                return new Header(Oops.DENTRY, "BUG: Dentry still in use", line.substring(open + 2, of), line);
            }
            return new Header(Oops.BUG_STACK, "BUG: Dentry still in use", "", line);
        }
        if (line.startsWith("BUG: MAX_") || line.startsWith("BUG: Object already free")
                || line.startsWith("BUG: looking up invalid subclass") || line.startsWith("BUG: key ")) {
            return new Header(Oops.BUG_PLAIN, trimStem(line), "", line);
        }
        if (line.startsWith("BUG: ") && line.length() > 8) {
            return new Header(Oops.BUG_STACK, trimStem(line), "", line);
        }
        return null;
    }

    /** A generic header's stem: the header up to its first run-specific detail (":", "(", digits, " at "). */
    static String trimStem(String line) {
        int end = line.length();
        for (int k = 5; k < line.length(); k++) {
            char ch = line.charAt(k);
            if (ch == '(' || ch == '[' || (ch == ':' && k + 1 < line.length() && line.charAt(k + 1) == ' ')
                    || (ch == ',' && k > 5)) {
                end = k;
                break;
            }
            if (line.startsWith(" at ", k) || line.startsWith(" on CPU", k) || line.startsWith(" in process", k)) {
                end = k;
                break;
            }
        }
        String stem = line.substring(0, end).strip();
        if (stem.endsWith(".") && !stem.endsWith("..")) {
            stem = stem.substring(0, stem.length() - 1);
        }
        return stem;
    }

    private static Header warning(String line) {
        if (!line.startsWith("WARNING")) {
            return null;
        }
        if (line.startsWith("WARNING: CPU: ") || line.startsWith("WARNING: at ")) {
            return new Header(Oops.WARNING, "WARNING", "", line);
        }
        if (WARN_NEW.matcher(line).lookingAt()) {
            return new Header(Oops.WARNING, "WARNING", "", line);
        }
        if (line.startsWith("WARNING: possible circular locking dependency detected")
                || line.startsWith("WARNING: possible recursive locking detected")
                || line.startsWith("WARNING: possible irq lock inversion dependency detected")
                || (line.startsWith("WARNING: ") && line.contains("lock order detected"))) {
            return new Header(Oops.LOCKDEP, "possible deadlock", line, line);
        }
        if (line.startsWith("WARNING: inconsistent lock state")) {
            return new Header(Oops.LOCKDEP, "inconsistent lock state", line, line);
        }
        if (line.startsWith("WARNING: suspicious RCU usage")) {
            return new Header(Oops.LOCKDEP, "WARNING: suspicious RCU usage", "", line);
        }
        if (line.startsWith("WARNING: bad unlock balance detected")) {
            return new Header(Oops.LOCKDEP, "WARNING: bad unlock balance", "", line);
        }
        if (line.startsWith("WARNING: Nested lock was not taken")) {
            return new Header(Oops.LOCKDEP, "WARNING: nested lock was not taken", "", line);
        }
        if (line.startsWith("WARNING: held lock freed")) {
            return new Header(Oops.LOCKDEP, "WARNING: held lock freed", "", line);
        }
        if (line.startsWith("WARNING: lock held when returning to user space")) {
            return new Header(Oops.LOCKDEP, "WARNING: lock held when returning to user space", "", line);
        }
        // debug_check_no_locks_held: "WARNING: task/pid still has locks held!" when a task exits or takes a
        // signal with a lock held; the task name is no part of the title.
        if (line.startsWith("WARNING: ") && line.contains(" still has locks held!")) {
            return new Header(Oops.LOCKDEP, "WARNING: still has locks held", "", line);
        }
        if (line.startsWith("WARNING: kernel stack regs at ") || line.startsWith("WARNING: kernel stack frame pointer at ")) {
            // With a real address the message is exact; with a hashed "(ptrval)" both read as bad regs.
            boolean regs = line.startsWith("WARNING: kernel stack regs");
            int at = line.indexOf(" at ");
            String addr = line.substring(at + 4).stripLeading();
            boolean hex = !addr.isEmpty() && Character.digit(addr.charAt(0), 16) >= 0;
            String stem = "WARNING: kernel stack regs has bad value";
            if (hex && !regs) {
                stem = "WARNING: kernel stack frame pointer has bad value";
            } else if (hex) {
                int q = line.indexOf("has bad '");
                int q2 = q < 0 ? -1 : line.indexOf('\'', q + 9);
                if (q2 > 0) {
                    stem = "WARNING: kernel stack regs has bad '" + line.substring(q + 9, q2) + "' value";
                }
            }
            return new Header(Oops.BUG_PLAIN, stem, "", line);
        }
        if (line.startsWith("WARNING: ThreadSanitizer") || line.startsWith("WARNING: MemorySanitizer")) {
            return null;
        }
        if (line.strip().equals("WARNING:")) {
            return new Header(Oops.TEXT, "WARNING: corrupted", "", line);
        }
        // Any other "WARNING: text" line is a report, except advisories printed at boot or setup time (sshd's
        // moduli, the workqueue cpumask, the Spectre v2 BHB notice about unprivileged eBPF, mand mounts).
        if (line.startsWith("WARNING: ") && !line.startsWith("WARNING: /etc/ssh/moduli")
                && !line.startsWith("WARNING: workqueue cpumask")
                && !line.startsWith("WARNING: Unprivileged eBPF is enabled")
                && !line.toLowerCase(java.util.Locale.ROOT).startsWith("warning: the mand mount")
                && line.length() < 200) {
            return new Header(Oops.TEXT, Titles.sanitize(line.strip()), "generic", line);
        }
        return null;
    }

    private static Header info(String line) {
        if (line.strip().equals("INFO:")) {
            return new Header(Oops.TEXT, "INFO: corrupted", "corrupted", line);
        }
        if (!line.startsWith("INFO: ")) {
            if (line.startsWith("Internal error: ")) {
                return new Header(Oops.INTERNAL_ERROR, "Internal error", "", line);
            }
            return null;
        }
        if (line.startsWith("INFO: rcu_") && (line.contains("detected stall") || line.contains("self-detected")
                || line.contains("detected expedited stall"))) {
            return new Header(Oops.RCU_STALL, "INFO: rcu detected stall", "", line);
        }
        if (line.startsWith("INFO: task ")) {
            Matcher m = TASK.matcher(line);
            if (m.lookingAt()) {
                String stem = m.group(1).startsWith("can't") ? "INFO: task can't die" : "INFO: task hung";
                return new Header(Oops.TASK_HUNG, stem, "", line);
            }
            return null;
        }
        if (line.startsWith("INFO: trying to register non-static key")) {
            return new Header(Oops.LOCKDEP, "INFO: trying to register non-static key", "", line);
        }
        if (line.startsWith("INFO: suspicious RCU usage")) {
            return new Header(Oops.LOCKDEP, "INFO: suspicious RCU usage", "", line);
        }
        if (line.startsWith("INFO: possible circular locking dependency detected")
                || line.startsWith("INFO: possible recursive locking detected")
                || line.startsWith("INFO: possible irq lock inversion dependency detected")
                || (line.startsWith("INFO: ") && line.contains("lock order detected"))) {
            return new Header(Oops.LOCKDEP, "possible deadlock", line, line);
        }
        if (line.startsWith("INFO: inconsistent lock state")) {
            return new Header(Oops.LOCKDEP, "inconsistent lock state", line, line);
        }
        if (line.startsWith("INFO: Freed in ") || line.startsWith("INFO: Allocated in ")) {
            return new Header(Oops.TEXT, Titles.sanitize(line.strip()), "corrupted", line);
        }
        if (line.strip().equals("INFO:")) {
            return new Header(Oops.TEXT, "INFO: corrupted", "corrupted", line);
        }
        return null;
    }

    private static Header ubsan(String line) {
        String rest = line.substring(7);
        int in = rest.indexOf(" in ");
        String kind = in > 0 ? rest.substring(0, in) : rest;
        if (kind.equalsIgnoreCase("Undefined behaviour")) {
            kind = "undefined-behaviour";
        }
        return new Header(Oops.UBSAN, "UBSAN: " + kind, "", line);
    }

    // ----------------------------------------------------------------------------------------------- titles

    /** A frame with the console line it was read from. */
    private record LineFrame(int line, Frame frame) {
    }

    /**
     * Whether the sanitizer report that starts at line {@code from} was interrupted by the next header, on line
     * {@code next}, printed by the same task (same caller id) before the report's closing {@code ====} line: the
     * rest of its text (the stacks it still had to print) is mixed with the other report's.
     */
    private static boolean interrupted(Console c, Header h, int from, int next) {
        Oops o = h.oops();
        if (o != Oops.KASAN && o != Oops.KMSAN && o != Oops.KCSAN && o != Oops.KFENCE && o != Oops.UBSAN) {
            return false;
        }
        String ctx = c.context(from);
        if (ctx.isEmpty() || ctx.equals("console") || !ctx.equals(c.context(next))) {
            return false;
        }
        String t = c.text;
        for (int i = from + 1; i < next; i++) {
            int k = c.contentStart(i);
            int e = c.end(i);
            while (k < e && (t.charAt(k) == ' ' || t.charAt(k) == '\t')) {
                k++;
            }
            if (t.startsWith("====", k) && ctx.equals(c.context(i))) {
                return false;
            }
        }
        return true;
    }

    private static Report markInterrupted(Report r) {
        if (r.corrupted()) {
            return r;
        }
        return new Report(r.title(), r.altTitles(), r.type(), true,
                "another report from the same task interrupted it", r.suppressed(), r.guiltyFrame(), r.frames(),
                r.start(), r.end(), r.text());
    }

    /**
     * Builds the report that the next header at line {@code to} cut short. When that leaves it without a guilty
     * frame, its stack is looked for across the next report too: a second oops printed while the first was still
     * being reported (a fault while dumping, a nested BUG) interleaves with the first one's trace.
     */
    private static Report buildAcross(Console c, Header h, int from, int head, int to, int n) {
        Report r = build(c, h, from, head, to);
        String ctx = c.context(from);
        if (!r.title().endsWith(" in corrupted") || !"no guilty frame in the stack trace".equals(r.corruptedReason())
                || ctx.isEmpty() || ctx.equals("console")) {
            return r; // without caller ids the next report's lines cannot be told from this one's
        }
        Report wide = build(c, h, from, head, Math.min(n, from + maxLines(h)));
        if (wide.title().endsWith(" in corrupted")) {
            return r;
        }
        return new Report(wide.title(), wide.altTitles(), wide.type(), wide.corrupted(), wide.corruptedReason(),
                wide.suppressed(), wide.guiltyFrame(), wide.frames(), r.start(), r.end(), r.text());
    }

    /**
     * Messages that are no crash but print a stack of their own (an allocation failure warning, an injected
     * fault). Without caller ids their stack cannot be told from the report's, so the report is read only up to
     * them.
     */
    private static final String[] INFO_WITH_STACK = {"vmalloc: allocation failure:", "FAULT_INJECTION: forcing a failure",
        "FAULT_FLAG_ALLOW_RETRY missing"};

    static boolean infoWithStack(String line) {
        for (String m : INFO_WITH_STACK) {
            if (line.contains(m)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether header line {@code next} repeats header line {@code prev} for the next frame of a symbolized
     * header: a symbolizer turns the function in a header ("BUG: KASAN: use-after-free in g+0x1a/0x40") into one
     * copy of the line per inlined function, innermost first, each but the last ending in {@code [inline]} and
     * only the function and its source location differing. The kernel printed the last one.
     */
    static boolean symbolizedContinuation(Console c, int prev, int next) {
        String p = c.content(prev).strip();
        if (!p.endsWith(" [inline]")) {
            return false;
        }
        String body = p.substring(0, p.length() - " [inline]".length()).stripTrailing();
        int loc = body.lastIndexOf(' '); // before "file.h:12"
        int fn = loc > 0 ? body.lastIndexOf(' ', loc - 1) : -1; // before the function
        if (fn < 0 || body.indexOf(':', loc) < 0) {
            return false;
        }
        return c.content(next).strip().startsWith(body.substring(0, fn + 1));
    }

    /** The report from line {@code from}, its title read from the header on line {@code head}. */
    private static Report build(Console c, Header h, int from, int head, int to) {
        Oops o = h.oops();
        Builder b = new Builder(c, h, head, to);
        b.run();
        int start = c.start(from);
        int end = to > from ? c.endWithNewline(to - 1) : c.endWithNewline(from);
        String title = b.title;
        List<String> alts = b.fixedAlts != null ? b.fixedAlts : Titles.alternatives(title, b.altStem, b.rawFrame);
        if (title.startsWith("SYZFATAL: ")) {
            alts = List.of("SYZFATAL"); // every fatal error of the fuzzer is one kind of failure
        }
        return new Report(title, alts, o.type,
                b.corrupted, b.reason, b.suppressed, Optional.ofNullable(b.guilty), b.frames, start, end,
                c.text.substring(start, end));
    }

    /** Builds one report's title from its header and the frames that follow. */
    private static final class Builder {
        final Console c;
        final Header h;
        final int from;
        /** End of the lines read for the title: the report's end, or earlier (see {@link #infoWithStack}). */
        int to;
        final List<LineFrame> all = new ArrayList<>();
        /** Line contents of the report, read once (index: line - from). */
        String[] lines;
        List<Frame> frames = List.of();
        String title;
        String altStem = "";
        /** Alternative titles set by the report kind itself, or null to derive them from the title. */
        List<String> fixedAlts;
        String rawFrame = "";
        Frame guilty;
        boolean corrupted;
        String reason = "";
        boolean suppressed;
        /** Name fragments this kind of report also never blames (the users of the failing facility). */
        List<String> extraSkip = List.of();
        /** Line of the frame {@link #stackFrame} last picked, -1 before. */
        int pickedLine = -1;

        void skip(String... fragments) {
            extraSkip = List.of(fragments);
        }

        /** Whether a frame's function is never blamed in this report. */
        boolean skipped(String fn) {
            if (Helpers.kernel(fn)) {
                return true;
            }
            for (String x : extraSkip) {
                // "^name" matches a prefix, "name$" a suffix, anything else a fragment.
                boolean hit = x.startsWith("^") ? fn.startsWith(x.substring(1))
                        : x.endsWith("$") ? fn.endsWith(x.substring(0, x.length() - 1)) : fn.contains(x);
                if (hit) {
                    return true;
                }
            }
            return false;
        }

        Builder(Console c, Header h, int from, int to) {
            this.c = c;
            this.h = h;
            this.from = from;
            this.to = to;
            this.lines = new String[Math.max(0, to - from)];
            String ctx = c.context(from);
            boolean callerIds = !ctx.isEmpty() && !ctx.equals("console");
            for (int i = from + 1; i < this.to; i++) {
                String s = line(i);
                if (!callerIds && infoWithStack(s)) {
                    this.to = i; // caller ids would keep that message's stack apart; without them it ends the read
                    break;
                }
                Frame f = Frames.parse(s);
                if (f != null) {
                    all.add(new LineFrame(i, f));
                }
            }
        }

        /** Context of the header line (see {@link Console#context}). */
        String context;

        /**
         * Whether line {@code i} belongs to this report: with console timestamps, only lines printed by the same
         * caller (or, without caller ids, any timestamped line); lines of other programs glued into the console
         * (the fuzzer's log, a shell) are not the kernel's.
         */
        boolean own(int i) {
            if (context == null) {
                context = c.context(from);
            }
            if (context.isEmpty() || i == from) {
                return true;
            }
            return context.equals(c.context(i));
        }

        /** Content of console line {@code i}, which must be in [from, to). */
        String line(int i) {
            if (i < from || i >= to) {
                return "";
            }
            String s = lines[i - from];
            if (s == null) {
                s = c.content(i);
                lines[i - from] = s;
            }
            return s;
        }

        void run() {
            Oops o = h.oops();
            switch (o) {
                case KASAN -> kasan();
                case KMSAN -> {
                    // Uninitialised bytes surface in generic code that only moves them along: skbuff allocation,
                    // netlink acks, and the crypto layers (ciphers, DRBGs) below the code that fed them.
                    if (h.stem().startsWith("KMSAN: kernel-usb-infoleak")) {
                        // the USB transfer helpers only hand the driver's buffer to the host controller; syzkaller
                        // skips them here (and for usb_submit_urb warnings) only, not in every report
                        skip("alloc_skb", "usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg",
                                "usb_interrupt_msg", "usb_control_msg");
                    } else {
                        skip("alloc_skb", "netlink_ack", "netlink_rcv_skb", "_encrypt$", "^crypto_", "^cipher_",
                                "^drbg_", "^rng_");
                    }
                    withFrame(h.stem(), stackFrame(from, false), "bad-access");
                }
                case KCSAN -> kcsan();
                case KFENCE -> {
                    Frame f = headerFrame();
                    if (f == null) {
                        f = stackFrame(from, false);
                    }
                    String kind = h.stem().substring(8);
                    String alt = kind.startsWith("invalid free") ? "invalid-free"
                            : kind.startsWith("memory corruption") ? "" : "bad-access";
                    withFrame(h.stem(), f, alt);
                }
                case GPF, PAGING, DIVIDE, INVALID_OPCODE, OOPS_LINE, INTERNAL_ERROR, UNABLE_ARM, DOUBLE_FAULT,
                     KERNEL_BUG, LIST_CORRUPTION -> ripKind(o);
                case WARNING -> warning();
                case LOCKDEP -> lockdep();
                case SLEEP, BUG_STACK -> {
                    if (h.stem().equals("BUG: Bad page state")) {
                        badPage();
                        break;
                    }
                    if (h.stem().startsWith("BUG: spinlock") || h.stem().startsWith("BUG: rwlock")) {
                        skip("spin_", "_lock", "_unlock"); // the lock's own wrappers (__task_rq_lock) too
                    } else if (h.stem().startsWith("BUG: using ")) {
                        skip("dump_stack", "preemption", "preempt", "debug_", "processor_id", "this_cpu");
                    }
                    if (h.stem().equals("BUG: stack guard page was hit")) {
                        // Deep recursion: the top frames are wherever the stack ran out; the frame above the
                        // innermost dispatcher names the recursion, as for stalls.
                        withFrame(h.stem(), stallFrame(), "stack-overflow");
                        break;
                    }
                    if (h.stem().startsWith("BUG: workqueue leaked lock")) {
                        withFrame(h.stem(), lastFunction(), "");
                        break;
                    }
                    // "Preemption disabled at:" names where preemption was turned off, not where the task slept:
                    // the culprit is read from the stack trace.
                    int ct = o == Oops.SLEEP ? callTrace(from) : -1;
                    withFrame(h.stem(), stackFrame(ct >= 0 ? ct : from, false), "");
                }
                case BUG_PLAIN, PLAIN, NETDEV, REBOOT -> title = h.stem();
                case DENTRY -> {
                    // The title keeps the operation only (file system and device vary run to run); the
                    // alternative keeps the bracket as printed.
                    title = h.stem() + " in " + h.rest();
                    String hl = h.line();
                    fixedAlts = List.of(h.stem() + " " + hl.substring(hl.lastIndexOf(" [")).strip());
                }
                case TEXT, TEXT_STACK -> {
                    title = h.stem();
                    // (a title ending at a colon lost its message to a broken console line)
                    if (h.rest().equals("corrupted") || title.endsWith(" corrupted") || title.endsWith(":")) {
                        corrupted = true;
                        reason = "the header has no details";
                    }
                }
                case RCU_STALL, SOFT_LOCKUP -> withFrame(h.stem(), stallFrame(), "stall");
                case TASK_HUNG -> withFrame(h.stem(), hangFrame(), "hang");
                case MEMORY_LEAK -> withFrame("memory leak", leakFrame(), "");
                case PANIC -> panic();
                case RUST_PANIC -> rustPanic();
                case UBSAN -> {
                    String alt = h.stem().contains("out-of-bounds") ? "bad-access" : "";
                    withFrame(h.stem(), stackFrame(from, false), alt);
                }
            }
            if (!corrupted) {
                checkStack();
            }
            List<Frame> fs = new ArrayList<>();
            for (LineFrame lf : all) {
                fs.add(lf.frame());
            }
            frames = fs;
        }

        void withFrame(String stem, Frame f, String alt) {
            altStem = alt;
            if (f == null) {
                title = stem + " in corrupted";
                corrupted = true;
                reason = "no guilty frame in the stack trace";
                return;
            }
            guilty = f;
            rawFrame = Frames.canonical(f.function());
            title = stem + " in " + Titles.canonicalFunction(rawFrame);
        }

        /** The frame printed in the header line itself ("BUG: KASAN: use-after-free in func+0x12/0x34"). */
        Frame headerFrame() {
            String rest = h.rest();
            if (rest.isEmpty()) {
                return null;
            }
            Frame f = Frames.parse(rest);
            if (f == null) {
                int sp = rest.indexOf(' ');
                String fn = sp > 0 ? rest.substring(0, sp) : rest;
                if (!fn.isEmpty() && Frames.identChar(fn.charAt(0)) && fn.chars().allMatch(
                        ch -> Frames.identChar((char) ch))) {
                    f = new Frame(fn, "", false, false);
                }
            }
            if (f == null || Helpers.kernel(Frames.canonical(f.function()))) {
                return null;
            }
            return f;
        }

        void kasan() {
            String kind = h.stem().substring(7);
            String access = "";
            for (int i = from + 1; i < Math.min(to, from + 6); i++) {
                String s = line(i).stripLeading();
                if (s.startsWith("Read of size") || s.startsWith("Read at addr")) {
                    access = " Read";
                    break;
                }
                if (s.startsWith("Write of size") || s.startsWith("Write at addr")) {
                    access = " Write";
                    break;
                }
            }
            String alt = "bad-access";
            if (kind.contains("invalid-free") || kind.contains("double-free")) {
                kind = "invalid-free";
                access = "";
                alt = "invalid-free";
            } else if (h.line().contains(" on address ")) {
                title = "KASAN: " + kind + access; // old KASAN: no function in the header
                return;
            } else if (access.isEmpty()) {
                // No access line: the report is cut; the header itself is all there is.
                int k = h.line().indexOf("KASAN: ");
                title = Titles.sanitize(h.line().substring(k).strip());
                corrupted = true;
                reason = "no access line after the KASAN header";
                return;
            }
            Frame f = headerFrame();
            if (f == null) {
                f = stackFrame(from, false);
            }
            withFrame("KASAN: " + kind + access, f, alt);
        }

        void kcsan() {
            // "BUG: KCSAN: data-race in f1 / f2": both functions are the title.
            String rest = h.rest();
            String[] parts = rest.split(" / ", 3);
            List<String> fns = new ArrayList<>();
            for (String p : parts) {
                String fn = p.strip();
                int plus = fn.indexOf('+');
                if (plus > 0) {
                    fn = fn.substring(0, plus);
                }
                if (!fn.isEmpty()) {
                    fns.add(Frames.canonical(fn));
                }
            }
            if (fns.isEmpty()) {
                withFrame(h.stem(), null, "");
                return;
            }
            guilty = new Frame(fns.get(0), "", false, false);
            title = h.stem() + " in " + String.join(" / ", fns);
        }

        /** Oopses whose crashing instruction is in a register line: that function unless it is a helper. */
        void ripKind(Oops o) {
            int ipLine = -1;
            Frame ip = null;
            for (int i = from + 1; i < to && i < from + 120; i++) {
                Frame f = Frames.crashIp(line(i));
                if (f != null) {
                    ip = f;
                    ipLine = i;
                    break;
                }
                // A jump to a bad address: the first crash IP names no function, and a later register dump (an
                // interrupted context) must not stand in for it; the trace after this line names the caller.
                if (Frames.bareKernelIp(line(i))) {
                    ipLine = i;
                    break;
                }
            }
            Frame f = null;
            // BUG() in a header's inline function ("kernel BUG at ./include/linux/skbuff.h") blames its caller.
            boolean inlineHelper = false;
            if (ip != null && !inlineHelper && !Helpers.kernel(Frames.canonical(ip.function()))) {
                f = ip;
            } else if (o == Oops.DOUBLE_FAULT) {
                f = null; // the stack of a double fault is not the faulting code's: only the crash IP counts
            } else {
                f = stackFrame(ipLine >= 0 ? ipLine : from, ipLine >= 0);
            }
            String stem = switch (o) {
                case GPF, DIVIDE, DOUBLE_FAULT, KERNEL_BUG, INTERNAL_ERROR, LIST_CORRUPTION -> h.stem();
                case PAGING, UNABLE_ARM -> h.stem();
                case INVALID_OPCODE -> "invalid opcode";
                default -> "kernel BUG";
            };
            String alt = switch (o) {
                case GPF, PAGING, UNABLE_ARM, INTERNAL_ERROR, LIST_CORRUPTION -> "bad-access";
                default -> "";
            };
            if (h.stem().equals("Alignment trap")) {
                alt = ""; // a misaligned access is no bad pointer: it is not grouped with the bad accesses
            }
            if (h.stem().equals("BUG: unable to handle kernel")) {
                title = h.stem();
                corrupted = true;
                reason = "truncated header";
                return;
            }
            withFrame(stem, f, alt);
        }

        void warning() {
            String line = h.line();
            String file = "";
            String fn = "";
            Matcher m = WARN_CPU.matcher(line);
            if (m.lookingAt()) {
                file = m.group(1);
                fn = m.group(2);
            } else if ((m = WARN_NEW.matcher(line)).lookingAt()) {
                file = m.group(1);
                fn = m.group(2);
            } else if ((m = WARN_OLD.matcher(line)).lookingAt()) {
                file = m.group(1);
                fn = m.group(2);
            }
            fn = Frames.canonical(fn);
            String stem = "WARNING";
            if (file.startsWith("lib/refcount.c") || fn.startsWith("refcount_")) {
                stem = "WARNING: refcount bug";
                skip("refcount", "kobject_");
            } else if (file.startsWith("lib/debugobjects.c")) {
                stem = "WARNING: ODEBUG bug";
                skip("debug_", "rcu", "hrtimer_", "timer_", "work_", "percpu_", "kmem_", "slab_", "kfree", "vunmap",
                        "vfree", "__free_", "kobject_");
            } else if (file.startsWith("lib/kobject.c")) {
                stem = "WARNING: kobject bug";
                skip("kobject_");
            } else if (file.startsWith("fs/proc/generic.c")) {
                stem = "WARNING: proc registration bug";
                skip("proc_");
            } else if (file.startsWith("mm/usercopy.c")) {
                stem = "WARNING: bad usercopy";
                skip("usercopy", "__check");
            } else if (file.startsWith("kernel/locking/lockdep.c")) {
                stem = "WARNING: locking bug";
                skip("lock_sock", "release_sock");
            } else if (file.startsWith("mm/vmalloc.c") && fn.contains("vmalloc")) {
                stem = "WARNING: zero-size vmalloc";
                skip("vmalloc");
            } else if (file.startsWith("mm/") && MALLOC_FN.matcher(fn).find()) {
                stem = "WARNING: kmalloc bug";
                skip("kmalloc", "kcalloc", "kzalloc", "krealloc", "vmalloc", "slab", "kmem");
            }
            if (fn.equals("usb_submit_urb")) {
                skip("usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg", "usb_interrupt_msg", "usb_control_msg");
                Frame caller = warningFrame();
                title = "WARNING in " + (caller == null ? "corrupted"
                        : Titles.canonicalFunction(Frames.canonical(caller.function()))) + "/usb_submit_urb";
                guilty = caller;
                corrupted = caller == null;
                reason = corrupted ? "no guilty frame in the stack trace" : "";
                return;
            }
            withFrame(stem, warningFrame(), "");
        }

        /**
         * A warning is blamed on the function named by the crash IP line that follows it, unless that is a
         * helper; then on the first frame after it that is none; a warning with neither (the stack was cut or
         * never printed) has no guilty frame.
         */
        Frame warningFrame() {
            int rip = ripLine();
            if (rip != from) {
                Frame ip = Frames.crashIp(line(rip));
                if (ip != null && !skipped(Frames.canonical(ip.function()))) {
                    return ip;
                }
            }
            if (rip != from) {
                return stackFrame(rip, true);
            }
            // No crash IP printed: the warning's own stack must follow its header.
            int ct = firstMatching(from + 1, to - from, t -> {
                return containsLower(t, "call trace") || containsLower(t, "backtrace:");
            });
            return ct < 0 ? null : stackFrame(ct, false);
        }

        /**
         * A bad page is blamed on whoever allocated it when the page owner is printed, else on the stack that
         * found it; the allocator's own frames are never the culprit.
         */
        void badPage() {
            skip("alloc", "page_owner", "page_pool");
            int owner = anchor("page last allocated via", true);
            if (owner < 0) {
                owner = anchor("Call Trace:", true);
            }
            withFrame(h.stem(), owner < 0 ? null : stackFrame(owner, false), "");
        }

        /** Whether the line is a frame printed with "? " (a stale return address found on the stack). */
        static boolean unreliableLine(String t) {
            Frame f = Frames.parse(t);
            return f != null && f.unreliable();
        }

        /**
         * The first stack-trace heading after line {@code after}, or -1: x86 prints "Call Trace:", arm64
         * "Call trace:", arm32 "Backtrace:" (sometimes followed by a note such as "frame pointer underflow").
         */
        int callTrace(int after) {
            return firstMatching(after + 1, to - after, t -> t.contains("Call Trace") || t.contains("Call trace")
                    || t.contains("Backtrace:"));
        }

        /** A leaked-lock report names the work function on its "last function:" line. */
        Frame lastFunction() {
            int m = firstMatching(from + 1, 10, t -> t.stripLeading().startsWith("last function: "));
            if (m < 0) {
                return null;
            }
            String fn = line(m).stripLeading().substring(15).strip();
            boolean ident = !fn.isEmpty() && fn.chars().allMatch(ch -> Frames.identChar((char) ch));
            return ident ? new Frame(fn, "", false, false) : null;
        }

        /** The first line after the header holding {@code text}, or -1. */
        int anchor(String text, boolean caseSensitive) {
            for (int i = from + 1; i < to; i++) {
                String s = line(i);
                if (caseSensitive ? s.contains(text) : containsLower(s, text)) {
                    return i;
                }
            }
            return -1;
        }

        /** Headers whose reports carry no stack trace by design. */
        boolean stackless() {
            Oops o = h.oops();
            if (o == Oops.NETDEV || o == Oops.REBOOT || o == Oops.TEXT || o == Oops.KCSAN || o == Oops.KMSAN
                    || o == Oops.PLAIN
                    || o == Oops.KFENCE) {
                return true;
            }
            String st = h.stem();
            return st.startsWith("BUG: Bad rss-counter") || st.startsWith("BUG: non-zero nr_")
                    || st.startsWith("BUG: workqueue lockup") || st.startsWith("BUG: stack guard page")
                    || st.startsWith("BUG: workqueue leaked lock") || st.startsWith("WARNING: kernel stack")
                    || st.contains("lock held when returning to user space") || title.startsWith("trusty")
                    || title.startsWith("SYZ") || title.startsWith("kernel panic: stack is corrupted in");
        }

        /**
         * A report that should carry a stack trace is corrupted when it has none, when a stack keyword
         * ({@code Call Trace}, {@code Allocated by task}, {@code Freed by task}, a leak's {@code backtrace:}) is
         * followed by no frame within the next lines, or when a console timestamp was glued into its title.
         */
        void checkStack() {
            if (TIMESTAMP_IN_TITLE.matcher(title).find()) {
                corrupted = true;
                reason = "a timestamp inside the title";
                return;
            }
            if (stackless()) {
                return;
            }
            for (LineFrame lf : all) {
                if (h.oops() == Oops.RCU_STALL || h.oops() == Oops.SOFT_LOCKUP
                        || (pickedLine >= 0 && lf.line() > pickedLine)) {
                    break;
                }
                if (own(lf.line()) && Frames.canonical(lf.frame().function()).startsWith("should_fail")) {
                    corrupted = true;
                    reason = "a fault injection stack is mixed into the report";
                    int in = title.lastIndexOf(" in ");
                    if (in > 0 && guilty != null) {
                        title = title.substring(0, in) + " in corrupted";
                        guilty = null;
                        rawFrame = "";
                    }
                    return;
                }
            }
            boolean any = false;
            int checked = 0;
            for (int i = from; i < to; i++) {
                if (!own(i)) {
                    continue;
                }
                String s = line(i);
                int kind = stackKeyword(s);
                if (kind == 0) {
                    // Once a stack was seen the answer is known: no need to look at the line.
                    if (!any && (containsLower(s, "call trace") || containsLower(s, "backtrace"))) {
                        any = true;
                    }
                    continue;
                }
                any = true;
                if ((checked & (1 << kind)) != 0) {
                    continue; // only the first stack of each kind is checked
                }
                checked |= 1 << kind;
                if (i + 3 >= to) {
                    corrupted = true;
                    reason = "the stack trace is cut";
                    return;
                }
                boolean frame = false;
                boolean stale = false;
                int seen = 0;
                for (int j = i + 1; j < to && seen < 15; j++) {
                    if (!own(j)) {
                        continue;
                    }
                    seen++;
                    String t = line(j);
                    if (stackKeyword(t) != 0) {
                        break;
                    }
                    if (t.contains("(stack is not available)")) {
                        frame = true;
                        break;
                    }
                    Frame f = Frames.parse(t);
                    if (f != null) {
                        frame = true;
                        stale = f.unreliable() && !t.endsWith("(unreliable)");
                        break;
                    }
                }
                if (frame && stale && !reliableFrameInTrace(i)) {
                    frame = false; // only "? " words: a stack that could not be walked, as good as none
                }
                if (!frame) {
                    corrupted = true;
                    reason = "no frames in a stack trace";
                    return;
                }
            }
            if (!any && !bareStack()) {
                corrupted = true;
                reason = "no stack trace in the report";
            }
        }

        /**
         * Whether the stack trace that starts after the keyword on line {@code k} holds a frame printed without
         * {@code ? } before the next stack keyword (a trace of only stale return addresses found while scanning
         * the stack is as good as none, as syzkaller counts it).
         */
        boolean reliableFrameInTrace(int k) {
            for (LineFrame lf : all) {
                if (lf.line() <= k || !own(lf.line())) {
                    continue;
                }
                for (int j = k + 1; j < lf.line(); j++) {
                    if (own(j) && stackKeyword(line(j)) != 0) {
                        return false;
                    }
                }
                if (!lf.frame().unreliable() || line(lf.line()).endsWith("(unreliable)")) {
                    return true;
                }
                k = lf.line();
            }
            return false;
        }

        /**
         * Whether the report holds a stack printed without a "Call Trace" title (riscv prints the frames right
         * after the registers): at least three reliable frames on consecutive own lines.
         */
        boolean bareStack() {
            int run = 0;
            int lastLine = -2;
            for (LineFrame lf : all) {
                if (!own(lf.line()) || lf.frame().unreliable()) {
                    continue;
                }
                run = lf.line() == lastLine + 1 ? run + 1 : 1;
                lastLine = lf.line();
                if (run >= 3 && line(lf.line()).stripLeading().startsWith("[<")) {
                    return true;
                }
            }
            return false;
        }

        /** Line of the crash IP register dump after the header, or the header line when there is none. */
        int ripLine() {
            for (int i = from + 1; i < to && i < from + 150; i++) {
                if (Frames.crashIp(line(i)) != null) {
                    return i;
                }
            }
            return from;
        }

        /**
         * Lockdep reports name the lock operation at fault after a fixed sentence: the lock being acquired
         * ("is trying to acquire lock:" then "at: func"), the lock whose state changed, the lock released once too
         * often. Lock-order reports ("HARDIRQ-safe -> HARDIRQ-unsafe") blame the code that made the lock
         * irq-safe. When the sentence or the frame after it is missing the report was cut: the header itself is
         * the title.
         */
        void lockdep() {
            String stem = h.stem();
            String hl = h.line();
            if (stem.equals("possible deadlock") || stem.equals("inconsistent lock state")) {
                if (hl.contains("lock order detected")) {
                    int safe = firstMatching(from + 1, 200, t -> t.contains("which became") && t.contains("-irq-safe at:"));
                    Frame f = safe < 0 ? null : stackFrame(safe, false);
                    if (f == null) {
                        safe = firstMatching(from + 1, 200, t -> t.contains("is trying to acquire"));
                        f = safe < 0 ? null : atFrame(safe, 2);
                    }
                    lockTitle(stem, f);
                    return;
                }
                if (stem.equals("inconsistent lock state") && hl.startsWith("WARNING")) {
                    // The lock taken in the wrong state is often a generic one (printk's, the scheduler's): the
                    // task's own stack says which code took it there.
                    int bt = markerLine("stack backtrace:");
                    int ct = bt == from ? -1 : callTrace(bt);
                    Frame f = ct < 0 ? null : stackFrame(ct, false);
                    if (f != null) {
                        withFrame(stem, f, "");
                        return;
                    }
                }
                String marker = hl.contains("irq lock inversion") ? "just changed the state of lock"
                        : stem.equals("inconsistent lock state") ? "takes" : "is trying to acquire";
                int m = firstMatching(from + 1, 60, t -> t.contains(marker));
                if (m < 0) {
                    lockTitle(stem, null);
                    return;
                }
                skip("process_one_work", "flush_workqueue", "drain_workqueue", "destroy_workqueue");
                Frame f = atFrame(m, 2);
                if (f == null) {
                    f = stackFrame(m, false);
                }
                lockTitle(stem, f);
                return;
            }
            if (stem.endsWith("bad unlock balance")) {
                int m = firstMatching(from + 1, 15, t -> t.contains("is trying to release lock"));
                withFrame(stem, m < 0 ? null : stackFrame(m, false), "");
                return;
            }
            if (stem.endsWith("lock held when returning to user space")) {
                int m = firstMatching(from + 1, 15, t -> t.contains("with locks still held"));
                lockTitle(stem, m < 0 ? null : atFrame(m, 1));
                return;
            }
            if (stem.endsWith("still has locks held")) {
                // The report lists the held locks ("#0: ... at: func"): the first one names the code that took it.
                lockTitle(stem, atFrame(from + 1, 1));
                return;
            }
            if (stem.endsWith("held lock freed")) {
                Frame f = atFrame(from, 1);
                if (f == null) {
                    f = stackFrame(from, false);
                }
                withFrame(stem, f, "");
                return;
            }
            if (stem.endsWith("suspicious RCU usage")) {
                skip("rcu", "kmem", "slab", "kmalloc", "vmalloc", "kcalloc", "kzalloc");
                // The trace heading is the architecture's own: "Call Trace:" (x86), "Call trace:" (arm64).
                int ct = callTrace(from);
                withFrame(stem, ct < 0 ? null : stackFrame(ct, false), "");
                return;
            }
            if (stem.equals("INFO: trying to register non-static key")) {
                skip("stack", "lock", "IRQ");
            }
            withFrame(stem, stackFrame(markerLine("stack backtrace:"), false), "");
        }

        /** The title of a lockdep report: "stem in f", or the header line itself when the frame is missing. */
        void lockTitle(String stem, Frame f) {
            if (f != null) {
                withFrame(stem, f, "");
                return;
            }
            String hl = h.line().strip();
            if (hl.startsWith("[ ") && hl.endsWith(" ]")) {
                hl = hl.substring(2, hl.length() - 2);
            }
            int end = hl.indexOf('!');
            title = Titles.sanitize(end > 0 ? hl.substring(0, end + 1) : hl).strip();
            corrupted = true;
            reason = "the lock details are missing";
        }

        /** The first line in [start, start + span) that passes {@code p}, or -1. */
        int firstMatching(int start, int span, java.util.function.Predicate<String> p) {
            for (int i = start; i < to && i < start + span; i++) {
                if (p.test(line(i))) {
                    return i;
                }
            }
            return -1;
        }

        /** The first "at: func" frame among the next {@code count} such lines after line {@code m} not skipped. */
        Frame atFrame(int m, int count) {
            int seen = 0;
            for (int i = m; i < to && i < m + 60 && seen < count; i++) {
                String s = line(i);
                int at = s.indexOf("at: ");
                if (at < 0) {
                    continue;
                }
                Frame lf = Frames.parse(s.substring(at + 4));
                if (lf == null) {
                    String rest = s.substring(at + 4).strip();
                    int plus = rest.indexOf("+0x");
                    if (plus > 0 && rest.substring(0, plus).chars().allMatch(ch -> Frames.identChar((char) ch))) {
                        lf = new Frame(rest.substring(0, plus), "", false, false);
                    }
                }
                // (a symbolized "at:" line ending in [inline] names a function the kernel did not print: the
                // line after it, with the offset, is the one lockdep printed, and the one syzkaller reads)
                if (lf == null || lf.inline()) {
                    continue;
                }
                seen++;
                if (!skipped(Frames.canonical(lf.function()))) {
                    return lf;
                }
            }
            return null;
        }

        int markerLine(String marker) {
            for (int i = from + 1; i < to; i++) {
                if (line(i).stripLeading().startsWith(marker)) {
                    return i;
                }
            }
            return from;
        }

        /**
         * "rust_kernel: panicked at file:line:col:" with the message on the next line (older kernels:
         * "panicked at 'message', file:line:col"): titled "message in f", f the first frame of the call trace
         * (Rust symbols demangled) that is not the panic machinery of the core and alloc crates.
         */
        void rustPanic() {
            String hl = h.line();
            String msg = "";
            int q = hl.indexOf("panicked at '");
            if (q >= 0) {
                int end = hl.lastIndexOf("', ");
                msg = end > q + 13 ? hl.substring(q + 13, end) : "";
            } else {
                for (int i = from + 1; i < to && i < from + 4; i++) {
                    if (own(i)) {
                        msg = line(i).strip();
                        break;
                    }
                }
                if (classify(msg) != null || msg.startsWith("---") || Frames.parse(msg) != null) {
                    msg = ""; // the message line is missing: the next thing printed is not it
                }
            }
            if (msg.isEmpty()) {
                title = h.stem();
                corrupted = true;
                reason = "the panic message is missing";
                return;
            }
            skip("rust_begin_unwind", "rust_helper_BUG", "^core::", "^<core::", "^alloc::", "^<alloc::");
            int ct = callTrace(from);
            withFrame(Titles.sanitize(msg), ct < 0 ? null : stackFrame(ct, false), "");
        }

        void panic() {
            String rest = h.rest().strip();
            if (rest.startsWith("stack-protector: Kernel stack is corrupted in")) {
                int colon = rest.indexOf(": ", 20);
                String fn = colon > 0 ? rest.substring(colon + 2).strip() : "";
                int sp = fn.indexOf('+');
                if (sp > 0) {
                    fn = fn.substring(0, sp);
                }
                boolean address = !fn.isEmpty() && fn.chars().allMatch(ch -> Character.digit(ch, 16) >= 0);
                if (address) {
                    // Only the return address was printed: the frame printed with that address names it.
                    String needle = "[<" + fn + ">]";
                    Frame at = null;
                    for (LineFrame lf : all) {
                        if (line(lf.line()).contains(needle)) {
                            at = lf.frame();
                            break;
                        }
                    }
                    skip("stack_chk");
                    withFrame("kernel panic: stack is corrupted", at != null ? at : stackFrame(from, false), "");
                } else if (fn.isEmpty()) {
                    withFrame("kernel panic: stack is corrupted", stackFrame(from, false), "");
                } else {
                    withFrame("kernel panic: stack is corrupted", new Frame(fn, "", false, false), "");
                }
                return;
            }
            if (rest.startsWith("corrupted stack end detected inside scheduler")) {
                skip("schedule", "retint_kernel");
                withFrame("kernel panic: corrupted stack end", stallFrame(), "stack-overflow");
                return;
            }
            int end = rest.length();
            for (String cut : new String[] {" exitcode=", " --- ", " ..."}) {
                int k = rest.indexOf(cut);
                if (k > 0 && k < end) {
                    end = k;
                }
            }
            rest = rest.substring(0, end).strip();
            // Panics printed after another oops: seen as the first header, the real one was lost.
            for (String after : new String[] {"Fatal exception", "panic_on_warn set", "hung_task: blocked tasks"}) {
                if (rest.startsWith(after)) {
                    title = "kernel panic: " + after;
                    corrupted = true;
                    reason = "the oops before the panic is missing";
                    return;
                }
            }
            if (rest.startsWith("Attempted to kill init!")) {
                rest = "Attempted to kill init!";
            } else if (rest.startsWith("Couldn't open N_TTY ldisc")) {
                rest = "Couldn't open N_TTY ldisc";
            }
            title = "kernel panic: " + Titles.sanitize(rest);
        }

        /**
         * The first reliable frame that is not a helper, in the stack trace that starts after line {@code at}.
         * With {@code afterIp}, line {@code at} is a crash IP register dump inside the trace and the frames that
         * follow it (the interrupted code) are searched.
         */
        Frame stackFrame(int at, boolean afterIp) {
            int traceEnd = to;
            for (LineFrame lf : all) {
                if (lf.line() <= at) {
                    continue;
                }
                if (lf.line() >= traceEnd) {
                    break;
                }
                Frame f = lf.frame();
                if (f.unreliable() || f.inline() || !own(lf.line())) {
                    continue; // (an inlined frame is the symbolizer's: the kernel printed the function holding it)
                }
                String fn = Frames.canonical(f.function());
                if (!skipped(fn)) {
                    pickedLine = lf.line();
                    return f;
                }
            }
            return null;
        }

        /**
         * The frame a stall is blamed on. The frames of the stalled context are read from the crash IP after the
         * timer interrupt that caught it (RCU stalls) or after the header (lockups), helpers skipped; the frame
         * just above the innermost dispatcher ({@link Stall}) is blamed, the dispatcher itself when it is the
         * first frame; a cross-CPU call is blamed as {@code smp_call_function}. No dispatcher: no guilty frame.
         */
        Frame stallFrame() {
            boolean rcu = h.oops() == Oops.RCU_STALL;
            if (rcu) {
                skip("apic_timer_interrupt", "rcu");
            }
            int begin = from;
            if (rcu) {
                // The stalled context starts where the timer interrupt caught it: the x86 apic timer entry, arm's
                // "Exception stack" dump, arm64's el1h_64_irq. A "? " line is a stale stack word, no evidence.
                int irq = firstMatching(from + 1, to - from, t -> t.contains("apic_timer_interrupt") && !unreliableLine(t));
                if (irq < 0) {
                    irq = firstMatching(from + 1, to - from, t -> (t.contains("Exception stack")
                            || t.contains("el1h_64_irq")) && !unreliableLine(t));
                }
                if (irq < 0) {
                    return null;
                }
                begin = irq;
            }
            List<Frame> cand = new ArrayList<>();
            int ipLine = -1;
            for (int i = begin + 1; i < to && i < begin + 80; i++) {
                if (!own(i)) {
                    continue;
                }
                Frame ip = Frames.crashIp(line(i));
                if (ip != null) {
                    ipLine = i;
                    if (Stall.dispatcher(Frames.canonical(ip.function()))) {
                        return ip;
                    }
                    if (!skipped(Frames.canonical(ip.function()))) {
                        cand.add(ip);
                    }
                    break;
                }
            }
            int stackFrom = ipLine >= 0 ? ipLine : begin;
            int lastLine = stackFrom;
            Frame prev = cand.isEmpty() ? null : cand.get(0);
            String last = "";
            for (LineFrame lf : all) {
                if (lf.line() <= stackFrom || lf.frame().unreliable() || !own(lf.line())) {
                    continue;
                }
                if (lf.frame().inline()) {
                    // The symbolizer's frame (sock_sendmsg_nosec inlined into __sock_sendmsg): the kernel printed
                    // only the function holding it, so it neither dispatches the stalled work nor is blamed.
                    continue;
                }
                // A page fault taken inside the kernel (copy_to_user): the frames above the fault's crash IP are
                // the fault handler's; the stall belongs to the code that faulted.
                if (last.contains("page_fault")) {
                    for (int k = lastLine + 1; k < lf.line(); k++) {
                        Frame ip = own(k) ? Frames.crashIp(line(k)) : null;
                        if (ip != null) {
                            prev = skipped(Frames.canonical(ip.function())) ? null : ip;
                        }
                    }
                }
                lastLine = lf.line();
                Frame f = lf.frame();
                String fn = Frames.canonical(f.function());
                last = fn;
                if (Stall.dispatcher(fn)) {
                    if (fn.contains("smp_call_function")) {
                        return f;
                    }
                    return prev != null ? prev : f;
                }
                if (skipped(fn)) {
                    continue;
                }
                if (prev == null) {
                    prev = f;
                } else {
                    prev = f;
                }
            }
            return null;
        }

        /**
         * A hung task waits at a random victim stack; the bug is usually the lock or the grace period it waits
         * for. Hangs on the rtnl lock are grouped by {@code rtnl_lock}, hangs on an RCU grace period by
         * {@code synchronize_rcu}; otherwise the first frame that is no scheduling, locking or waiting primitive.
         */
        Frame hangFrame() {
            int ct = anchor("Call Trace:", true);
            List<LineFrame> fs = new ArrayList<>();
            for (LineFrame lf : all) {
                if (lf.line() > ct && !lf.frame().unreliable() && own(lf.line())) {
                    fs.add(lf);
                }
            }
            for (LineFrame lf : fs) {
                String fn = Frames.canonical(lf.frame().function());
                if (fn.startsWith("rtnl_lock") || fn.startsWith("synchronize_rcu") || fn.startsWith("synchronize_srcu")
                        || fn.startsWith("__synchronize_srcu") || fn.startsWith("synchronize_net")
                        || fn.startsWith("synchronize_sched")) {
                    return lf.frame();
                }
            }
            skip("sched", "_lock", "_slowlock", "down", "rwsem", "completion", "kthread", "wait", "synchronize",
                    "context_switch", "__switch_to", "cancel_delayed_work", "rcu_barrier");
            for (LineFrame lf : fs) {
                if (!lf.frame().inline() && !skipped(Frames.canonical(lf.frame().function()))) {
                    return lf.frame();
                }
            }
            return null;
        }

        /** A leak is blamed on the first frame that is no allocator: whatever allocates is not the leaker. */
        Frame leakFrame() {
            int bt = markerLine("backtrace:");
            for (LineFrame lf : all) {
                // (an [inline] frame is the symbolizer's: kmemleak printed the function it was inlined into)
                if (lf.line() <= bt || lf.frame().unreliable() || lf.frame().inline()) {
                    continue;
                }
                String fn = Frames.canonical(lf.frame().function());
                if (Helpers.kernel(fn) || fn.contains("alloc") || fn.equals("create_object")
                        || fn.contains("lru_init") || fn.startsWith("kobject_set_name")) {
                    continue;
                }
                return lf.frame();
            }
            return null;
        }
    }
}
