package dev.culprit.report;

/**
 * Reads one stack frame from one console line, by hand (no regular expression): the formats are the kernel's
 * x86/arm64 {@code  ? func+0x1a/0x20 file.c:12 [inline]}, the old {@code [<ffffffff81234567>] func+0x1a/0x20},
 * arm's {@code [<80616f94>] (callee) from [<80321578>] (caller+0x124/0x170)}, and register lines naming the
 * crashing function ({@code RIP: 0010:func+0x24/0x30}, {@code IP: [<...>] func+0x}, {@code pc : func+0x},
 * {@code PC is at func+0x}).
 */
final class Frames {
    private Frames() {
    }

    static boolean identChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                || c == '$';
    }

    /** A function name as printed, Rust symbols demangled ({@link RustSymbols}). */
    private static String name(String raw) {
        return raw.length() > 2 && raw.charAt(0) == '_' && RustSymbols.candidate(raw) ? RustSymbols.demangle(raw) : raw;
    }

    /** A stack frame line, or null. */
    static Frame parse(String s) {
        int n = s.length();
        int i = skipSpaces(s, 0);
        boolean unreliable = false;
        for (int round = 0; round < 4 && i < n; round++) {
            if (s.startsWith("? ", i)) {
                unreliable = true;
                i = skipSpaces(s, i + 2);
            } else if (s.startsWith("[<", i)) {
                int close = s.indexOf(">]", i);
                if (close < 0 || close - i > 24) {
                    return null;
                }
                i = skipSpaces(s, close + 2);
            } else if (s.startsWith("[c", i) || (i + 1 < n && s.charAt(i) == '[' && Character.digit(s.charAt(i + 1), 16) >= 0)) {
                // powerpc: "[c000000001bb3710] [c0000000000286fc] func+0x43c/0x6d0"
                int close = s.indexOf(']', i);
                if (close < 0 || close - i > 20) {
                    return null;
                }
                for (int k = i + 1; k < close; k++) {
                    if (Character.digit(s.charAt(k), 16) < 0) {
                        return null;
                    }
                }
                i = skipSpaces(s, close + 1);
            } else {
                break;
            }
        }
        if (i < n && s.charAt(i) == '(') {
            // arm: "(callee) from [<...>] (caller+0x...)": the line is the caller's return address, so the caller
            // is this frame (the callee was the previous line's caller, or the crashing PC).
            int from = s.indexOf(") from [<", i);
            if (from > 0) {
                int open = s.indexOf("] (", from);
                if (open > 0) {
                    int j = open + 3;
                    int k = j;
                    while (k < n && identChar(s.charAt(k))) {
                        k++;
                    }
                    if (k > j && s.startsWith("+0x", k)) {
                        return new Frame(name(s.substring(j, k)), "", false, unreliable);
                    }
                }
            }
            int j = i + 1;
            while (j < n && identChar(s.charAt(j))) {
                j++;
            }
            if (j == i + 1 || j >= n || (s.charAt(j) != ')' && s.charAt(j) != '+')) {
                return null;
            }
            return new Frame(name(s.substring(i + 1, j)), "", false, unreliable);
        }
        int j = i;
        while (j < n && identChar(s.charAt(j))) {
            j++;
        }
        if (j == i || !Character.isJavaIdentifierStart(s.charAt(i)) || s.charAt(i) == '$') {
            return null;
        }
        if (s.startsWith("+0x", j)) {
            int k = j + 3;
            while (k < n && s.charAt(k) != ' ') {
                k++;
            }
            if (s.indexOf('/', j) < 0 || s.indexOf('/', j) > k) {
                return null;
            }
            String file = fileAfter(s, k);
            return new Frame(name(s.substring(i, j)), file, s.indexOf("[inline]", k) >= 0, unreliable || s.endsWith("(unreliable)"));
        }
        if (j < n && s.charAt(j) == ' ' && s.endsWith("[inline]")) {
            String file = fileAfter(s, j);
            if (!file.isEmpty()) {
                return new Frame(name(s.substring(i, j)), file, true, unreliable);
            }
        }
        return null;
    }

    /** The source file of a symbolised frame: the token after {@code k} that looks like {@code dir/file.c:12}. */
    private static String fileAfter(String s, int k) {
        int n = s.length();
        int i = skipSpaces(s, k);
        if (i < n && s.charAt(i) == '[') {
            int close = s.indexOf(']', i);
            if (close < 0) {
                return "";
            }
            i = skipSpaces(s, close + 1);
        }
        int j = i;
        while (j < n && s.charAt(j) != ' ') {
            j++;
        }
        String tok = s.substring(i, j);
        int colon = tok.lastIndexOf(':');
        if (colon <= 0 || tok.indexOf('.') < 0) {
            return "";
        }
        return tok.substring(0, colon);
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /**
     * The crashing function named by a register line ({@code RIP: 0010:f+0x}, {@code IP: [<..>] f+0x},
     * {@code pc : f+0x}, {@code PC is at f+0x}, {@code EIP: f+0x}, {@code RIP: f+0x}), or null when the line is
     * none of these or the address is in user space.
     */
    static Frame crashIp(String s) {
        int i = skipSpaces(s, 0);
        int rest;
        if (s.startsWith("RIP: ", i) || s.startsWith("EIP: ", i)) {
            rest = i + 5;
            // "RIP: 0010:func" (kernel) vs "RIP: 0033:0x45e219" (user).
            int colon = s.indexOf(':', rest);
            if (colon > rest && colon - rest <= 4 && isHex(s, rest, colon)) {
                if (!s.startsWith("0010", rest) && !s.startsWith("0060", rest)) {
                    return null;
                }
                rest = colon + 1;
            }
        } else if (s.startsWith("IP: ", i)) {
            rest = i + 4;
        } else if (s.startsWith("pc : ", i)) {
            rest = i + 5;
        } else if (s.startsWith("PC is at ", i)) {
            rest = i + 9;
        } else if (s.startsWith("epc : ", i)) {
            rest = i + 6;
        } else if (s.startsWith("NIP [", i) || s.startsWith("NIP:", i)) {
            rest = i + 4;
        } else if (s.startsWith("--- interrupt: ", i)) {
            int at = s.indexOf(" at ", i + 15);
            if (at < 0 || at > i + 30) {
                return null;
            }
            rest = at + 4;
        } else {
            return null;
        }
        Frame f = parse(s.substring(rest));
        if (f == null || !s.contains("+0x")) {
            return null;
        }
        return f;
    }

    /**
     * Whether the line is an x86 kernel crash IP that names no function, only an address ({@code IP: 0xffff...},
     * {@code RIP: 0010:0xffff...}): the kernel jumped to a bad address, so the crash is the caller's, the first
     * frame of the trace that follows. A user-space IP ({@code RIP: 0033:0x45e219}) is none.
     */
    static boolean bareKernelIp(String s) {
        int i = skipSpaces(s, 0);
        int rest;
        if (s.startsWith("RIP: 0010:", i) || s.startsWith("RIP: 0060:", i)) {
            rest = i + 10;
        } else if (s.startsWith("IP: ", i)) {
            rest = i + 4;
        } else {
            return false;
        }
        if (!s.startsWith("0x", rest)) {
            return false;
        }
        int end = rest + 2;
        while (end < s.length() && Character.digit(s.charAt(end), 16) >= 0) {
            end++;
        }
        return end > rest + 2 && s.substring(end).isBlank();
    }

    private static boolean isHex(String s, int from, int to) {
        for (int k = from; k < to; k++) {
            if (Character.digit(s.charAt(k), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The function's name without compiler suffixes ({@code .isra.12}, {@code .constprop.0}, {@code .part.3},
     * {@code .cold}, {@code .llvm.123}), which change from build to build of the same code.
     */
    static String canonical(String fn) {
        int dot = fn.indexOf('.');
        return dot > 0 ? fn.substring(0, dot) : fn;
    }
}
