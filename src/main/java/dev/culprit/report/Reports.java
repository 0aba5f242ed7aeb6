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
        Console c = new Console(text);
        List<Report> out = new ArrayList<>(Linux.parse(c));
        out.addAll(UserSpace.parse(c));
        out.sort(Comparator.comparingInt(Report::start));
        return out;
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
        String name = signalName(signo);
        return UserSpace.signal(name, new Console(output == null ? "" : output));
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
