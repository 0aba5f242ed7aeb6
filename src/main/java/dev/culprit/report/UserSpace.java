package dev.culprit.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * User-space crash output: AddressSanitizer / LeakSanitizer / MemorySanitizer / ThreadSanitizer reports,
 * UndefinedBehaviorSanitizer runtime errors, glibc assertion failures and aborts, fortify failures. Titles name
 * the tool, the kind of bug and the first frame outside the sanitizer runtime, libc and the allocator.
 */
final class UserSpace {
    private UserSpace() {
    }

    /** Lines searched for the stack of one report. */
    private static final int MAX_REPORT_LINES = 400;

    /** Text found in the first line of every user-space report this class knows. */
    private static final String[] NEEDLES = {"Sanitizer: ", ": runtime error: ", ": Assertion `", "*** ", "free(): ",
        "double free or corruption", "malloc(): ", "realloc(): ", "munmap_chunk(): ", "corrupted size vs. prev_size"};

    static List<Report> parse(Console c) {
        // Candidate lines come from a whole-text search for a few needles (String.indexOf is fast), so the
        // ordinary line costs nothing here.
        java.util.BitSet candidates = new java.util.BitSet();
        for (String needle : NEEDLES) {
            int from = 0;
            while (true) {
                int at = c.text.indexOf(needle, from);
                if (at < 0) {
                    break;
                }
                int line = c.lineOf(at);
                if (line >= 0) {
                    candidates.set(line);
                }
                from = at + needle.length();
            }
        }
        List<Report> out = new ArrayList<>();
        int skipUntil = -1;
        for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
            if (i < skipUntil) {
                continue;
            }
            String line = c.content(i);
            Report r = sanitizer(c, i, line);
            if (r == null) {
                r = ubsan(c, i, line);
            }
            if (r == null) {
                r = glibc(c, i, line);
            }
            if (r != null) {
                out.add(r);
                skipUntil = endLine(c, i);
            }
        }
        return out;
    }

    /** Last line (exclusive) of the report starting at line {@code i}: the sanitizer's closing rule or a cap. */
    private static int endLine(Console c, int i) {
        int n = c.size();
        for (int k = i + 1; k < n && k < i + MAX_REPORT_LINES; k++) {
            String s = c.content(k);
            if (s.startsWith("SUMMARY: ") || s.startsWith("==") && s.contains("==ABORTING")) {
                return k + 1;
            }
        }
        return Math.min(n, i + MAX_REPORT_LINES);
    }

    private static Report sanitizer(Console c, int i, String line) {
        // "==1234==ERROR: AddressSanitizer: heap-use-after-free on address ..." and friends.
        int tool = -1;
        if (line.startsWith("==")) {
            int e = line.indexOf("==", 2);
            if (e > 2 && e < 16) {
                int colon = line.indexOf(": ", e);
                if (colon > 0 && colon < e + 12) {
                    tool = colon + 2;
                }
            }
        } else if (line.startsWith("WARNING: ThreadSanitizer: ")) {
            tool = 9;
        }
        if (tool < 0) {
            return null;
        }
        int colon = line.indexOf(": ", tool);
        if (colon < 0) {
            return null;
        }
        String name = line.substring(tool, colon);
        if (!name.endsWith("Sanitizer")) {
            return null;
        }
        String rest = line.substring(colon + 2);
        String kind = word(rest);
        if (name.equals("LeakSanitizer")) {
            kind = "memory leak";
        } else if (kind.equals("SEGV") || kind.equals("BUS") || kind.equals("FPE") || kind.equals("ILL")
                || kind.equals("ABRT") || kind.equals("stack-overflow")) {
            kind = kind.equals("stack-overflow") ? kind : kind;
        } else if (rest.startsWith("data race")) {
            kind = "data race";
        } else if (rest.startsWith("attempting double-free")) {
            kind = "double-free";
        } else if (rest.startsWith("attempting free on address which was not malloc")) {
            kind = "bad-free";
        } else if (rest.startsWith("heap-use-after-free") || rest.startsWith("use-after-poison")) {
            kind = word(rest);
        } else if (rest.startsWith("lock-order-inversion")) {
            kind = "lock-order-inversion";
        } else if (rest.startsWith("requested allocation size")) {
            kind = "allocation-size-too-big";
        }
        int end = endLine(c, i);
        Frame guilty = null;
        List<Frame> frames = new ArrayList<>();
        for (int k = i + 1; k < end; k++) {
            Frame f = userFrame(c.content(k));
            if (f != null) {
                frames.add(f);
                if (guilty == null && !Helpers.user(f.function())) {
                    guilty = f;
                }
            }
        }
        String title = name + ": " + kind + (guilty == null ? "" : " in " + guilty.function());
        CrashType type = name.startsWith("Leak") ? CrashType.MEMORY_LEAK : CrashType.SANITIZER;
        return make(c, i, end, title, type, guilty, frames, guilty == null && frames.isEmpty());
    }

    /** Where a UBSan runtime error happened: {@code file.c:12:5}, {@code file.c:12}, or {@code <unknown>}. */
    private static final java.util.regex.Pattern UBSAN_LOCATION =
            java.util.regex.Pattern.compile(".*\\S:\\d+(:\\d+)?|.*<unknown>");

    private static Report ubsan(Console c, int i, String line) {
        // "file.c:12:5: runtime error: signed integer overflow: 2147483647 + 1 cannot be represented ..."
        int p = line.indexOf(": runtime error: ");
        if (p <= 0 || p > 300) {
            return null;
        }
        String where = line.substring(0, p);
        // UBSan names a source location (or <unknown>); Go's "panic: runtime error: ..." is no UBSan report.
        if (!UBSAN_LOCATION.matcher(where).matches()) {
            return null;
        }
        String msg = line.substring(p + 17);
        String kind = ubsanKind(msg);
        int end = Math.min(c.size(), i + 40);
        Frame guilty = null;
        List<Frame> frames = new ArrayList<>();
        for (int k = i + 1; k < end; k++) {
            Frame f = userFrame(c.content(k));
            if (f != null) {
                frames.add(f);
                if (guilty == null && !Helpers.user(f.function())) {
                    guilty = f;
                }
            } else if (!frames.isEmpty()) {
                end = k;
                break;
            }
        }
        String at = guilty != null ? guilty.function() : where.replaceAll(":\\d+$", "").strip();
        String title = "UBSan: " + kind + " in " + at;
        return make(c, i, frames.isEmpty() ? i + 1 : end, title, CrashType.UBSAN, guilty, frames, false);
    }

    /** The kind of a UBSan runtime error, its variable parts (values, types) left out. */
    static String ubsanKind(String msg) {
        String[][] kinds = {
            {"signed integer overflow", "signed-integer-overflow"},
            {"unsigned integer overflow", "unsigned-integer-overflow"},
            {"shift exponent", "shift-out-of-bounds"}, {"left shift", "shift-out-of-bounds"},
            {"division by zero", "division-by-zero"}, {"index ", "array-index-out-of-bounds"},
            {"load of null pointer", "null-pointer-dereference"}, {"store to null pointer", "null-pointer-dereference"},
            {"member access within null pointer", "null-pointer-dereference"},
            {"member access within misaligned", "misaligned-access"}, {"load of misaligned", "misaligned-access"},
            {"store to misaligned", "misaligned-access"}, {"load of value", "invalid-load"},
            {"negation of", "signed-integer-overflow"}, {"execution reached", "unreachable"},
            {"applying ", "pointer-overflow"}, {"addition of unsigned offset", "pointer-overflow"},
            {"pointer index expression", "pointer-overflow"}, {"null pointer passed", "nonnull-attribute"},
            {"variable length array", "vla-bound"}, {"call to function", "function-type-mismatch"},
            {"implicit conversion", "implicit-conversion"}, {"is outside the range of representable values",
                "float-cast-overflow"}};
        for (String[] k : kinds) {
            if (msg.startsWith(k[0]) || (k[0].startsWith("is outside") && msg.contains(k[0]))) {
                return k[1];
            }
        }
        int colon = msg.indexOf(':');
        String head = colon > 0 ? msg.substring(0, colon) : msg;
        return Titles.normalize(head.length() > 60 ? head.substring(0, 60) : head);
    }

    private static Report glibc(Console c, int i, String line) {
        // "prog: file.c:12: func: Assertion `x != 0' failed."
        int a = line.indexOf(": Assertion `");
        if (a > 0 && line.endsWith("' failed.")) {
            String head = line.substring(0, a);
            int fnColon = head.lastIndexOf(": ");
            String fn = fnColon >= 0 ? head.substring(fnColon + 2) : head;
            int paren = fn.indexOf('(');
            if (paren > 0) {
                fn = fn.substring(0, paren);
                int sp = fn.lastIndexOf(' ');
                fn = fn.substring(sp + 1);
            }
            String cond = line.substring(a + 13, line.length() - 9);
            String title = "assertion failed in " + fn + ": " + (cond.length() > 80 ? cond.substring(0, 80) : cond);
            Frame f = new Frame(fn, "", false, false);
            return make(c, i, i + 1, title, CrashType.ASSERT, f, List.of(f), false);
        }
        if (line.startsWith("*** ") && line.contains(" ***: terminated")) {
            // glibc fortify: "*** buffer overflow detected ***: terminated"
            String what = line.substring(4, line.indexOf(" ***"));
            return make(c, i, i + 1, what, CrashType.SANITIZER, null, List.of(), false);
        }
        if (line.startsWith("*** stack smashing detected ***")) {
            return make(c, i, i + 1, "stack smashing detected", CrashType.SANITIZER, null, List.of(), false);
        }
        if ((line.startsWith("free(): ") || line.startsWith("double free or corruption")
                || line.startsWith("malloc(): ") || line.startsWith("realloc(): ") || line.startsWith("munmap_chunk(): ")
                || line.startsWith("corrupted size vs. prev_size")) && line.length() < 120) {
            return make(c, i, i + 1, "glibc: " + line.strip(), CrashType.SANITIZER, null, List.of(), false);
        }
        return null;
    }

    /** A report of lines {@code from} (inclusive) to {@code to} (exclusive) of the console. */
    static Report make(Console c, int from, int to, String title, CrashType type, Frame guilty,
                               List<Frame> frames, boolean corrupted) {
        int start = c.start(from);
        int last = Math.max(from, Math.min(to, c.size()) - 1);
        int end = c.endWithNewline(last);
        return new Report(title, List.of(), type, corrupted, corrupted ? "no stack trace" : "", false,
                Optional.ofNullable(guilty), frames, start, end, c.text.substring(start, end));
    }

    private static String word(String s) {
        int k = 0;
        while (k < s.length() && s.charAt(k) != ' ' && s.charAt(k) != '(') {
            k++;
        }
        return s.substring(0, k);
    }

    /**
     * A sanitizer / gdb / glibc backtrace frame: {@code #3 0x4011d6 in parse_record /src/p.c:12:5},
     * {@code #3 0x4011d6 in parse_record (/bin/p+0x11d6)}, {@code #1  0x... in func (args) at file.c:12},
     * {@code ./prog(func+0x1d)[0x4011d6]}.
     */
    static Frame userFrame(String line) {
        String s = line.stripLeading();
        if (s.startsWith("#")) {
            int k = 1;
            while (k < s.length() && Character.isDigit(s.charAt(k))) {
                k++;
            }
            if (k == 1) {
                return null;
            }
            int in = s.indexOf(" in ", k);
            String fn;
            String rest;
            if (in >= 0 && in < k + 30) {
                rest = s.substring(in + 4);
            } else {
                rest = s.substring(k).stripLeading();
                if (rest.startsWith("0x")) {
                    return null;
                }
            }
            int e = 0;
            int depth = 0;
            while (e < rest.length()) {
                char ch = rest.charAt(e);
                if (ch == '<' || ch == '(' && e > 0 && rest.startsWith("(anonymous", e)) {
                    depth++;
                } else if ((ch == '>' || ch == ')') && depth > 0) {
                    depth--;
                } else if ((ch == ' ' || ch == '(') && depth == 0) {
                    break;
                }
                e++;
            }
            fn = rest.substring(0, e);
            if (fn.isEmpty() || fn.startsWith("0x") || fn.startsWith("(")) {
                return null;
            }
            String file = "";
            int sp = rest.indexOf(' ', e);
            if (sp > 0) {
                String tail = rest.substring(sp + 1).strip();
                if (tail.startsWith("at ")) {
                    tail = tail.substring(3);
                }
                if (!tail.startsWith("(")) {
                    int colon = tail.indexOf(':');
                    file = colon > 0 ? tail.substring(0, colon) : tail;
                }
            } else if (e < rest.length() && rest.charAt(e) == '(') {
                int at = rest.indexOf(" at ", e);
                if (at > 0) {
                    String tail = rest.substring(at + 4);
                    int colon = tail.indexOf(':');
                    file = colon > 0 ? tail.substring(0, colon) : tail;
                }
            }
            return new Frame(fn, file, false, false);
        }
        // glibc backtrace_symbols: "./prog(func+0x1d)[0x4011d6]"
        int open = s.indexOf('(');
        int plus = s.indexOf("+0x", open + 1);
        int close = s.indexOf(")[0x", open + 1);
        if (open > 0 && plus > open + 1 && close > plus && close < 400) {
            return new Frame(s.substring(open + 1, plus), "", false, false);
        }
        return null;
    }

    static Report signal(String name, Console c) {
        Frame guilty = null;
        List<Frame> frames = new ArrayList<>();
        for (int k = 0; k < c.size() && frames.size() < 64; k++) {
            Frame f = userFrame(c.content(k));
            if (f != null) {
                frames.add(f);
                if (guilty == null && !Helpers.user(f.function()) && !f.function().equals("??")) {
                    guilty = f;
                }
            }
        }
        String title = name + (guilty == null ? "" : " in " + guilty.function());
        return new Report(title, List.of(), CrashType.SIGNAL, false, "", false, Optional.ofNullable(guilty),
                frames, 0, 0, "");
    }
}
