package dev.culprit.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds crash reports in console text. This first version knows the headers the engine needs
 * (sanitizers, the kernel's BUG/WARNING/general protection fault); the report package grows it.
 */
public final class Reports {
    private Reports() {
    }

    private static final Pattern SANITIZER = Pattern.compile(
            "==\\d+==ERROR: (AddressSanitizer|LeakSanitizer|MemorySanitizer|ThreadSanitizer): ([\\w-]+)");
    private static final Pattern UBSAN = Pattern.compile("(?m)^\\S*:\\d+:\\d+: runtime error: (.*)$");
    private static final Pattern KERNEL = Pattern.compile(
            "(?m)^(?:\\[[^\\]]*\\])*\\s*(BUG: [^\\n]*|WARNING: [^\\n]*|general protection fault[^\\n]*)$");
    private static final Pattern FRAME = Pattern.compile("#\\d+ 0x[0-9a-f]+ in (\\w+)");
    private static final Pattern WARNING_AT = Pattern.compile("WARNING: .* at \\S+ (\\w+)\\+0x");

    /** Every report in the text, in order; empty when there is none. */
    public static List<Report> parse(String text) {
        List<Report> out = new ArrayList<>();
        Matcher m = SANITIZER.matcher(text);
        if (m.find()) {
            String tool = m.group(1);
            String kind = m.group(2);
            String rest = text.substring(m.start());
            String fn = firstUserFrame(rest);
            String title = tool + ": " + kind + (fn.isEmpty() ? "" : " in " + fn);
            out.add(new Report(title, List.of(), CrashType.SANITIZER, false, "", false, Optional.empty(), List.of(),
                    m.start(), text.length(), rest));
        }
        Matcher u = UBSAN.matcher(text);
        if (u.find()) {
            out.add(new Report("UBSAN: " + u.group(1), List.of(), CrashType.UBSAN, false, "", false,
                    Optional.empty(), List.of(), u.start(), text.length(), text.substring(u.start())));
        }
        Matcher k = KERNEL.matcher(text);
        if (k.find()) {
            String line = k.group(1);
            String title = line;
            Matcher w = WARNING_AT.matcher(line);
            if (w.find()) {
                title = "WARNING in " + w.group(1);
            }
            CrashType type = line.startsWith("BUG") ? CrashType.BUG
                    : line.startsWith("WARNING") ? CrashType.WARNING : CrashType.GPF;
            out.add(new Report(title, List.of(), type, false, "", false, Optional.empty(), List.of(), k.start(),
                    text.length(), text.substring(k.start())));
        }
        out.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return out;
    }

    /**
     * The report for a process that died on signal {@code signo}: the signal's name, plus the top frame when
     * the output holds a backtrace.
     */
    public static Report signal(int signo, String output) {
        String name = switch (signo) {
            case 4 -> "SIGILL";
            case 6 -> "SIGABRT";
            case 7 -> "SIGBUS";
            case 8 -> "SIGFPE";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 15 -> "SIGTERM";
            default -> "signal " + signo;
        };
        return Report.synthetic(name, CrashType.SIGNAL);
    }

    private static String firstUserFrame(String text) {
        Matcher f = FRAME.matcher(text);
        while (f.find()) {
            String fn = f.group(1);
            if (!fn.startsWith("__asan") && !fn.startsWith("__interceptor") && !fn.equals("free")
                    && !fn.equals("malloc")) {
                return fn;
            }
        }
        return "";
    }
}
