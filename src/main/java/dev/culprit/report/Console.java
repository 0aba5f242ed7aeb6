package dev.culprit.report;

import java.util.Arrays;

/**
 * Console text split into lines, with each line's console prefix (timestamps, caller ids, log levels) located.
 * Lines are indexed by number; {@link #content(int)} is the line without its prefix, capped at {@link #MAX_LINE}
 * characters so that no regular expression ever sees an unbounded input. Each line's prefix is located once, in
 * the constructor; per-line results are cached, so a Console belongs to the one thread parsing it.
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
        char[] head = new char[PREFIX_WINDOW];
        for (int i = 0; i < n; i++) {
            contentStarts[i] = starts[i] + skipPrefix(text, starts[i], ends[i], head);
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

    /** Scratch copy of a line's first characters for {@link #computeContext} (a Console is used by one thread). */
    private final char[] contextHead = new char[64];

    private String computeContext(int line) {
        // The prefix is read from a copy of the line's first 64 characters: cheaper than String#charAt.
        char[] h = contextHead;
        int e = Math.min(ends[line] - starts[line], h.length);
        text.getChars(starts[line], starts[line] + e, h, 0);
        int ts = indexOf(h, '[', 0, e);
        if (ts < 0) {
            return "";
        }
        int close = indexOf(h, ']', ts, e);
        if (close < 0) {
            return "";
        }
        boolean timestamp = false;
        for (int k = ts + 1; k < close; k++) {
            char ch = h[k];
            if (ch == '.') {
                timestamp = true;
            } else if (ch != ' ' && !isDigit(ch)) {
                return "";
            }
        }
        if (!timestamp) {
            return "";
        }
        if (close + 1 < e && h[close + 1] == '[') {
            int c2 = indexOf(h, ']', close + 1, e);
            if (c2 > 0) {
                // The id between the brackets, stripped; tested in the array, made a String only when it is one.
                int a = close + 2;
                int b = c2;
                while (a < b && Character.isWhitespace(h[a])) {
                    a++;
                }
                while (b > a && Character.isWhitespace(h[b - 1])) {
                    b--;
                }
                if (a < b && (h[a] == 'T' || h[a] == 'C')) {
                    return id(h, a, b);
                }
            }
        }
        return "console";
    }

    /** The caller id returned last: consecutive lines mostly share it, so it is reused rather than copied again. */
    private String lastId = "";

    private String id(char[] h, int a, int b) {
        String last = lastId;
        if (last.length() == b - a) {
            boolean same = true;
            for (int k = a; k < b && same; k++) {
                same = h[k] == last.charAt(k - a);
            }
            if (same) {
                return last;
            }
        }
        lastId = new String(h, a, b - a);
        return lastId;
    }

    /** Where {@code ch} is in a[from, limit), or -1. */
    private static int indexOf(char[] a, char ch, int from, int limit) {
        for (int k = from; k < limit; k++) {
            if (a[k] == ch) {
                return k;
            }
        }
        return -1;
    }

    /** The line without its console prefix, at most {@link #MAX_LINE} characters. */
    String content(int line) {
        int s = contentStart(line);
        int e = Math.min(ends[line], s + MAX_LINE);
        return text.substring(s, e);
    }

    /**
     * Characters of a line that {@link #skipPrefix(char[], int)} may read: at most 64 for a dropped-messages
     * notice, 48 more for a login prompt, and 26 for each of its 4 prefix rounds (216 in all).
     */
    static final int PREFIX_WINDOW = 256;

    /**
     * Length of the console prefix of line text[from, end). The line's first {@link #PREFIX_WINDOW} characters
     * are copied into {@code head} in one go: the scan below reads them one by one, which is much cheaper in an
     * array than through {@link String#charAt}.
     */
    static int skipPrefix(String text, int from, int end, char[] head) {
        text.getChars(from, Math.min(end, from + PREFIX_WINDOW), head, 0);
        return skipPrefix(head, end - from);
    }

    /**
     * Skips console prefixes: {@code <6>} log levels, {@code [   60.014572]} timestamps and {@code [ T4392]} /
     * {@code [  C1]} caller ids, in any order, each at most 24 characters long (so scanning stays linear).
     * {@code s} holds the line's first characters (at least {@link #PREFIX_WINDOW}, or all of them), {@code end}
     * is the line's length; returns the offset of its content.
     */
    static int skipPrefix(char[] s, int end) {
        int p = 0;
        // "** 5311 printk messages dropped ** " and "syzkaller login: " glued in front of a kernel line.
        if (startsWith(s, end, "** ", p)) {
            int close = indexWithin(s, " ** ", p + 3, Math.min(end, p + 64));
            if (close > 0) {
                p = close + 4;
            }
        }
        int login = indexWithin(s, " login: ", p, Math.min(end, p + 48));
        if (login > p && login + 8 < end && s[login + 8] != ' ') {
            p = login + 8;
        }
        for (int round = 0; round < 4 && p < end; round++) {
            char c = s[p];
            if (c == '<') {
                int q = p + 1;
                while (q < end && q - p < 4 && isDigit(s[q])) {
                    q++;
                }
                if (q > p + 1 && q < end && s[q] == '>') {
                    p = q + 1;
                    continue;
                }
                return p;
            }
            if (c != '[') {
                return p;
            }
            int q = p + 1;
            while (q < end && s[q] == ' ' && q - p < 24) {
                q++;
            }
            if (q < end && (s[q] == 'T' || s[q] == 'C')) {
                q++;
            }
            int digits = 0;
            while (q < end && q - p < 24 && (isDigit(s[q]) || s[q] == '.')) {
                q++;
                digits++;
            }
            if (digits == 0 || q >= end || s[q] != ']') {
                return p;
            }
            p = q + 1;
            if (p < end && s[p] == ' ') {
                p++;
            }
        }
        return p;
    }

    /** {@link Character#isDigit(char)}, with ASCII (nearly every character of a console) tested first. */
    static boolean isDigit(char ch) {
        return ch < 128 ? ch >= '0' && ch <= '9' : Character.isDigit(ch);
    }

    /** Whether s[at, end) starts with {@code needle}. */
    private static boolean startsWith(char[] s, int end, String needle, int at) {
        if (at + needle.length() > end) {
            return false;
        }
        for (int k = 0; k < needle.length(); k++) {
            if (s[at + k] != needle.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Where {@code needle} (two characters or more) starts in s[from, limit), or -1. */
    private static int indexWithin(char[] s, String needle, int from, int limit) {
        char first = needle.charAt(0);
        char second = needle.charAt(1); // the needles start with a space: the second character is the rarer
        for (int k = from; k + needle.length() <= limit; k++) {
            if (s[k + 1] == second && s[k] == first && startsWith(s, limit, needle, k)) {
                return k;
            }
        }
        return -1;
    }
}
