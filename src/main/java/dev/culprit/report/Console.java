package dev.culprit.report;

import java.util.Arrays;

/**
 * Console text split into lines, with each line's console prefix (timestamps, caller ids, log levels) located.
 * Lines are indexed by number; {@link #content(int)} is the line without its prefix, capped at {@link #MAX_LINE}
 * characters so that no regular expression ever sees an unbounded input.
 */
final class Console {
    /** Longest line content handed to any pattern: real oops lines are far shorter. */
    static final int MAX_LINE = 512;

    final String text;
    private int[] starts;
    private int[] ends;
    /** Offset of each line's content (after the console prefix): computed once, every parser step needs it. */
    private final int[] contentStarts;
    /** {@link #context(int)} of each line, filled in on first use (reports ask for it line by line, repeatedly). */
    private String[] contexts;
    private final int count;

    Console(String text) {
        this.text = text;
        int n = 0;
        int cap = Math.max(16, text.length() / 48);
        starts = new int[cap];
        ends = new int[cap];
        int pos = 0;
        int len = text.length();
        while (pos < len) {
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? len : nl;
            if (n == starts.length) {
                starts = Arrays.copyOf(starts, n * 2);
                ends = Arrays.copyOf(ends, n * 2);
            }
            starts[n] = pos;
            int e = end;
            if (e > pos && text.charAt(e - 1) == '\r') {
                e--;
            }
            ends[n] = e;
            n++;
            pos = nl < 0 ? len : nl + 1;
        }
        count = n;
        contentStarts = new int[n];
        for (int i = 0; i < n; i++) {
            contentStarts[i] = skipPrefix(text, starts[i], ends[i]);
        }
    }

    int size() {
        return count;
    }

    /** The line holding offset {@code off}. */
    int lineOf(int off) {
        int i = Arrays.binarySearch(starts, 0, count, off);
        return i >= 0 ? i : -i - 2;
    }

    int start(int line) {
        return starts[line];
    }

    /** Offset just past the line's last character, newline included when there is one. */
    int endWithNewline(int line) {
        int e = ends[line];
        while (e < text.length() && (text.charAt(e) == '\r' || text.charAt(e) == '\n')) {
            e++;
            if (text.charAt(e - 1) == '\n') {
                break;
            }
        }
        return e;
    }

    /** Offset of the first character after the console prefix. */
    int contentStart(int line) {
        return contentStarts[line];
    }

    /** End of the line's content, before its newline (and carriage return). */
    int end(int line) {
        return ends[line];
    }

    /**
     * Who printed the line: "" when it has no console timestamp, the caller id ({@code T4392}, {@code C1}) when
     * the kernel printed one, else "console".
     */
    String context(int line) {
        if (contexts == null) {
            contexts = new String[count];
        }
        String ctx = contexts[line];
        if (ctx == null) {
            ctx = computeContext(line);
            contexts[line] = ctx;
        }
        return ctx;
    }

    private String computeContext(int line) {
        int s = starts[line];
        int e = Math.min(ends[line], s + 64);
        int ts = indexWithin(text, "[", s, e);
        if (ts < 0) {
            return "";
        }
        int close = indexWithin(text, "]", ts, e);
        if (close < 0) {
            return "";
        }
        boolean timestamp = false;
        for (int k = ts + 1; k < close; k++) {
            char ch = text.charAt(k);
            if (ch == '.') {
                timestamp = true;
            } else if (ch != ' ' && !Character.isDigit(ch)) {
                return "";
            }
        }
        if (!timestamp) {
            return "";
        }
        if (close + 1 < e && text.charAt(close + 1) == '[') {
            int c2 = indexWithin(text, "]", close + 1, e);
            if (c2 > 0) {
                String id = text.substring(close + 2, c2).strip();
                if (!id.isEmpty() && (id.charAt(0) == 'T' || id.charAt(0) == 'C')) {
                    return id;
                }
            }
        }
        return "console";
    }

    /** The line without its console prefix, at most {@link #MAX_LINE} characters. */
    String content(int line) {
        int s = contentStart(line);
        int e = Math.min(ends[line], s + MAX_LINE);
        return text.substring(s, e);
    }

    /** Where {@code needle} starts in s[from, limit), or -1: never looks past {@code limit}. */
    static int indexWithin(String s, String needle, int from, int limit) {
        char first = needle.charAt(0); // a first-character test before the full comparison: most positions fail it
        for (int k = from; k + needle.length() <= limit; k++) {
            if (s.charAt(k) == first && s.startsWith(needle, k)) {
                return k;
            }
        }
        return -1;
    }

    /**
     * Skips console prefixes: {@code <6>} log levels, {@code [   60.014572]} timestamps and {@code [ T4392]} /
     * {@code [  C1]} caller ids, in any order, each at most 24 characters long (so scanning stays linear).
     */
    static int skipPrefix(String s, int from, int end) {
        int p = from;
        // "** 5311 printk messages dropped ** " and "syzkaller login: " glued in front of a kernel line.
        if (s.startsWith("** ", p)) {
            int close = indexWithin(s, " ** ", p + 3, Math.min(end, p + 64));
            if (close > 0) {
                p = close + 4;
            }
        }
        int login = indexWithin(s, " login: ", p, Math.min(end, p + 48));
        if (login > p && login + 8 < end && s.charAt(login + 8) != ' ') {
            p = login + 8;
        }
        for (int round = 0; round < 4 && p < end; round++) {
            char c = s.charAt(p);
            if (c == '<') {
                int q = p + 1;
                while (q < end && q - p < 4 && Character.isDigit(s.charAt(q))) {
                    q++;
                }
                if (q > p + 1 && q < end && s.charAt(q) == '>') {
                    p = q + 1;
                    continue;
                }
                return p;
            }
            if (c != '[') {
                return p;
            }
            int q = p + 1;
            while (q < end && s.charAt(q) == ' ' && q - p < 24) {
                q++;
            }
            if (q < end && (s.charAt(q) == 'T' || s.charAt(q) == 'C')) {
                q++;
            }
            int digits = 0;
            while (q < end && q - p < 24 && (Character.isDigit(s.charAt(q)) || s.charAt(q) == '.')) {
                q++;
                digits++;
            }
            if (digits == 0 || q >= end || s.charAt(q) != ']') {
                return p;
            }
            p = q + 1;
            if (p < end && s.charAt(p) == ' ') {
                p++;
            }
        }
        return p;
    }
}
