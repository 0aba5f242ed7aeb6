package dev.culprit.report;

import java.util.List;
import java.util.TreeSet;

/** Title construction helpers and the normalisation used to compare crashes. */
public final class Titles {
    private Titles() {
    }

    /**
     * Folds the parts of a title that vary between runs of the same bug: hex addresses become ADDR, decimal
     * numbers NUM, the access size of KASAN/KFENCE titles ({@code Read}/{@code Write}) is dropped, compiler
     * suffixes ({@code .isra.3}) and syscall-wrapper prefixes are removed from the function name.
     */
    public static String normalize(String title) {
        String t = title.strip();
        StringBuilder out = new StringBuilder(t.length());
        int n = t.length();
        for (int i = 0; i < n; i++) {
            char ch = t.charAt(i);
            boolean wordStart = i == 0 || !Character.isLetterOrDigit(t.charAt(i - 1)) && t.charAt(i - 1) != '_';
            if (wordStart && ch == '0' && i + 1 < n && (t.charAt(i + 1) == 'x' || t.charAt(i + 1) == 'X')) {
                int j = i + 2;
                while (j < n && Character.digit(t.charAt(j), 16) >= 0) {
                    j++;
                }
                out.append("ADDR");
                i = j - 1;
            } else if (wordStart && Character.isDigit(ch)) {
                int j = i;
                while (j < n && Character.isDigit(t.charAt(j))) {
                    j++;
                }
                out.append("NUM");
                i = j - 1;
            } else if (ch == '.' && i + 1 < n && Character.isLetter(t.charAt(i + 1)) && i > 0
                    && (Character.isLetterOrDigit(t.charAt(i - 1)) || t.charAt(i - 1) == '_')) {
                // func.isra.3 / func.constprop.0 / func.cold: drop the suffix up to the next space or slash.
                int j = i;
                while (j < n && t.charAt(j) != ' ' && t.charAt(j) != '/') {
                    j++;
                }
                i = j - 1;
            } else {
                out.append(ch);
            }
        }
        String s = out.toString();
        s = s.replace(" Read in ", " in ").replace(" Write in ", " in ").replace(" read in ", " in ")
                .replace(" write in ", " in ");
        int in = s.lastIndexOf(" in ");
        if (in > 0) {
            s = s.substring(0, in + 4) + baseFunction(s.substring(in + 4));
        }
        return s;
    }

    /**
     * Folds the run-specific parts of a free-text title: {@code func+0x14/0x20} becomes {@code func}, hex
     * numbers become ADDR, and decimal numbers that stand alone (not glued to a name) become NUM:
     * {@code failed(-5) to start app 6} is {@code failed(-NUM) to start app NUM}.
     */
    public static String sanitize(String title) {
        return fold(title, false);
    }

    /** Like {@link #sanitize} but every run of digits is a number ({@code testdir264563108}: testdirNUM). */
    public static String sanitizeAllNumbers(String title) {
        return fold(title, true);
    }

    private static String fold(String t, boolean allNumbers) {
        StringBuilder out = new StringBuilder(t.length());
        int n = t.length();
        for (int i = 0; i < n; i++) {
            char ch = t.charAt(i);
            char prev = i == 0 ? ' ' : t.charAt(i - 1);
            boolean glued = Character.isLetterOrDigit(prev) || prev == '_';
            if (ch == '+' && t.startsWith("+0x", i) && i > 0 && glued) {
                int j = i + 3;
                while (j < n && (Character.digit(t.charAt(j), 16) >= 0 || t.charAt(j) == '/' || t.charAt(j) == 'x')) {
                    j++;
                }
                i = j - 1;
            } else if (ch == '0' && i + 1 < n && t.charAt(i + 1) == 'x' && !glued) {
                int j = i + 2;
                while (j < n && Character.digit(t.charAt(j), 16) >= 0) {
                    j++;
                }
                out.append("ADDR");
                i = j - 1;
            } else if (!glued && hexRun(t, i) >= 8) {
                out.append("ADDR");
                i += hexRun(t, i) - 1;
            } else if (Character.isDigit(ch) && (allNumbers || !glued)) {
                int j = i;
                while (j < n && Character.isDigit(t.charAt(j))) {
                    j++;
                }
                out.append("NUM");
                i = j - 1;
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    /** Length of the run of hex digits at {@code i} when it is a whole word, else 0. */
    private static int hexRun(String t, int i) {
        int j = i;
        while (j < t.length() && Character.digit(t.charAt(j), 16) >= 0) {
            j++;
        }
        if (j < t.length() && (Character.isLetterOrDigit(t.charAt(j)) || t.charAt(j) == '_')) {
            return 0;
        }
        return j - i;
    }

    /** Syscall wrapper prefixes that name the same syscall body. */
    private static final String[] ARCH_SYS = {"__x64_sys_", "__ia32_sys_", "__arm64_sys_", "__riscv_sys_",
        "__s390x_sys_", "__s390_sys_", "__ia32_compat_sys_", "__x64_compat_sys_", "__arm64_compat_sys_"};
    private static final String[] PLAIN_SYS = {"__se_sys_", "__do_sys_", "compat_SyS_", "SyS_", "ksys_",
        "__sys_", "compat_sys_", "__se_compat_sys_", "__do_compat_sys_", "sys_"};

    /**
     * The name a function is titled by: arch syscall entry points ({@code __x64_sys_futex}) become the generic
     * {@code sys_futex}; the other wrappers of a syscall body ({@code SyS_}, {@code ksys_}, {@code __se_sys_},
     * plain {@code sys_}) become the syscall's name; a few families of variants share one name.
     */
    public static String canonicalFunction(String fn) {
        for (String p : ARCH_SYS) {
            if (fn.startsWith(p) && fn.length() > p.length()) {
                return "sys_" + fn.substring(p.length());
            }
        }
        for (String p : PLAIN_SYS) {
            if (fn.startsWith(p) && fn.length() > p.length()) {
                return fn.substring(p.length());
            }
        }
        return switch (fn) {
            case "smp_call_function_single", "smp_call_function_many", "smp_call_function_many_cond",
                 "on_each_cpu_cond_mask", "on_each_cpu_mask" -> "smp_call_function";
            case "synchronize_rcu_expedited", "__synchronize_srcu", "synchronize_srcu", "synchronize_sched",
                 "synchronize_rcu_tasks", "synchronize_srcu_expedited", "synchronize_net" -> "synchronize_rcu";
            default -> fn;
        };
    }

    /** The function's name with every wrapper prefix removed ({@code __x64_sys_futex} and {@code sys_futex}: futex). */
    public static String baseFunction(String fn) {
        String f = fn;
        for (int round = 0; round < 4; round++) {
            String next = canonicalFunction(f);
            if (next.equals(f)) {
                break;
            }
            f = next;
        }
        return f;
    }

    /** Every name a raw function is known by: itself, its intermediate wrappers, its canonical name. */
    static List<String> functionNames(String raw) {
        TreeSet<String> names = new TreeSet<>();
        names.add(raw);
        String f = raw;
        // __se_sys_X and __do_sys_X are the inner halves of sys_X: both spellings name the syscall.
        for (String p : new String[] {"__se_sys_", "__do_sys_"}) {
            if (f.startsWith(p) && f.length() > p.length()) {
                names.add("sys_" + f.substring(p.length()));
            }
        }
        names.add(canonicalFunction(f));
        return List.copyOf(names);
    }

    /**
     * Alternative titles: the title with every other name of the guilty function, and the generic
     * "{@code <altStem> in <function>}" forms ("bad-access in f", "hang in f") that group crashes of one kind
     * whatever their exact header.
     */
    static List<String> alternatives(String title, String altStem, String rawFrame) {
        TreeSet<String> alts = new TreeSet<>();
        int in = title.lastIndexOf(" in ");
        if (in > 0 && !rawFrame.isEmpty()) {
            String stem = title.substring(0, in);
            for (String name : functionNames(rawFrame)) {
                alts.add(stem + " in " + name);
                if (!altStem.isEmpty()) {
                    alts.add(altStem + " in " + name);
                }
            }
        } else if (in > 0 && !altStem.isEmpty()) {
            alts.add(altStem + title.substring(in));
        }
        alts.remove(title);
        return List.copyOf(alts);
    }
}
