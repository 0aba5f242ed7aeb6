package dev.culprit.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds crash reports in console text: Linux kernel oopses ({@link Linux}) and user-space crashes
 * ({@link UserSpace}: sanitizers, glibc assertions and aborts). Parsing is line by line and linear in the size
 * of the text; no pattern ever sees more than {@link Console#MAX_LINE} characters.
 */
public final class Reports {
    private Reports() {
    }

    /** Every report in the text, in order of where it starts; empty when there is none. */
    public static List<Report> parse(String text) {
        return parse(text, true);
    }

    /**
     * The reports in a test program's output: as {@link #parse}, but a Go panic is left to the program's exit
     * status ({@link #exited}), which titles it by its runtime error and function. {@link #parse} follows
     * syzkaller, which calls every crash of its own Go tools "go runtime error": two different panics of a
     * program under test would look like one crash.
     */
    public static List<Report> parseProgramOutput(String text) {
        return parse(text, false);
    }

    /**
     * The reports in a saved run's output whose exit status is not known (a log file, a journaled crash report),
     * titled as the run was: {@link #parseProgramOutput}, else the failure its runtime printed last.
     */
    public static List<Report> parseSavedOutput(String text) {
        List<Report> reports = parseProgramOutput(text);
        return reports.isEmpty() ? runtimeFailure(text).map(List::of).orElse(List.of()) : reports;
    }

    private static List<Report> parse(String text, boolean goToolCrashes) {
        Console c = new Console(text);
        List<Report> out = new ArrayList<>(Linux.parse(c));
        if (!kernelConsole(c)) {
            // glibc and sanitizer messages in a kernel console come from the fuzzer's own programs: noise there.
            out.addAll(UserSpace.parse(c));
        }
        if (out.isEmpty() && goToolCrashes) {
            Report go = goRuntime(c);
            if (go != null) {
                out.add(go);
            }
        }
        out.sort(Comparator.comparingInt(Report::start));
        // The suppressions name failures of a kernel test machine's own programs (the fuzzer, sshd, the executor);
        // in a user program's output the same lines are that program's failure, the bug itself.
        boolean testMachine = goToolCrashes || kernelConsole(c);
        if (!out.isEmpty() && testMachine && Suppressions.suppressed(c)) {
            List<Report> marked = new ArrayList<>(out.size());
            for (Report r : out) {
                marked.add(new Report(r.title(), r.altTitles(), r.type(), r.corrupted(), r.corruptedReason(), true,
                        r.guiltyFrame(), r.frames(), r.start(), r.end(), r.text()));
            }
            out = marked;
        }
        return out;
    }

    /** A console of a kernel: at least three lines carry a kernel timestamp. */
    static boolean kernelConsole(Console c) {
        int stamped = 0;
        for (int i = 0; i < c.size() && stamped < 3; i++) {
            if (!c.context(i).isEmpty()) {
                stamped++;
            }
        }
        return stamped >= 3;
    }

    /**
     * A Go runtime crash (the fuzzer's own tools): "fatal error: ..." or "panic: ..." at the start of a line,
     * followed by a goroutine dump or the runtime's own stack.
     */
    static Report goRuntime(Console c) {
        for (int i = 0; i < c.size(); i++) {
            String s = c.content(i);
            if (!s.startsWith("fatal error: ") && !s.startsWith("panic: ")) {
                continue;
            }
            for (int j = i + 1; j < c.size() && j <= i + 10; j++) {
                // The failing goroutine's dump, or for a fatal error in the runtime itself its own stack.
                if (c.content(j).startsWith("goroutine ") || c.content(j).startsWith("runtime stack:")) {
                    int end = c.endWithNewline(Math.min(c.size() - 1, j + 40));
                    return new Report("go runtime error", List.of(), CrashType.PANIC, false, "", false,
                            java.util.Optional.empty(), List.of(), c.start(i), end, c.text.substring(c.start(i), end));
                }
            }
        }
        return null;
    }

    /** The first report in the text, if any. */
    public static java.util.Optional<Report> first(String text) {
        List<Report> all = parse(text);
        return all.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(all.get(0));
    }

    /**
     * The report for a process that died on signal {@code signo}: the signal's name, plus the top frame when
     * the output holds a backtrace (glibc {@code backtrace_symbols}, gdb or sanitizer style).
     */
    public static Report signal(int signo, String output) {
        Console c = new Console(output == null ? "" : output);
        // A C++ program ends on SIGABRT after an uncaught exception: the exception says more than the signal.
        return Runtimes.lastFailure(c).orElseGet(() -> UserSpace.signal(signalName(signo), c));
    }

    /**
     * The failure a language runtime printed at the end of the output (an uncaught exception, a panic), for output
     * whose exit status is not known, such as a saved log; empty when the output ends otherwise.
     */
    public static java.util.Optional<Report> runtimeFailure(String output) {
        return Runtimes.lastFailure(new Console(output == null ? "" : output));
    }

    /**
     * The report for a process that exited with failure status {@code status} and printed no crash report: the
     * failure its language runtime printed (an uncaught exception, a panic), else {@code exit status N}.
     */
    public static Report exited(int status, String output) {
        return runtimeFailure(output).orElseGet(() -> Report.synthetic("exit status " + status, CrashType.EXIT_STATUS));
    }

    static String signalName(int signo) {
        return switch (signo) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 3 -> "SIGQUIT";
            case 4 -> "SIGILL";
            case 5 -> "SIGTRAP";
            case 6 -> "SIGABRT";
            case 7 -> "SIGBUS";
            case 8 -> "SIGFPE";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 13 -> "SIGPIPE";
            case 14 -> "SIGALRM";
            case 15 -> "SIGTERM";
            case 24 -> "SIGXCPU";
            case 25 -> "SIGXFSZ";
            case 31 -> "SIGSYS";
            default -> "signal " + signo;
        };
    }
}
