package dev.culprit.report;

import java.util.List;

/**
 * Console output that means the test machine itself failed, not the code under test: the fuzzer or sshd ran
 * out of memory or was killed, the executor could not start, init crashed. A report found in such output is
 * marked {@link Report#suppressed() suppressed}: real, but not a bug to chase. Each rule is a sequence of literal
 * parts that must appear in this order on one line (so matching stays linear).
 */
final class Suppressions {
    private Suppressions() {
    }

    private static final List<List<String>> RULES = List.of(
            List.of("fatal error: runtime: out of memory"),
            List.of("fatal error: runtime: cannot allocate memory"),
            List.of("fatal error: out of memory"),
            List.of("panic: failed to start executor binary"),
            List.of("panic: executor failed: pthread_create failed"),
            List.of("panic: failed to create temp dir"),
            List.of("fatal error: unexpected signal during runtime execution"),
            List.of("signal SIGBUS: bus error"),
            List.of("SYZFAIL: SIGBUS"),
            List.of("Out of memory: Kill process ", "(syz-fuzzer)"),
            List.of("Out of memory: Kill process ", "(sshd)"),
            List.of("Killed process ", "(syz-fuzzer)"),
            List.of("Killed process ", "(sshd)"),
            List.of("lowmemorykiller: Killing 'syz-fuzzer'"),
            List.of("lowmemorykiller: Killing 'sshd'"),
            List.of("INIT: PANIC: segmentation violation!"),
            List.of("*** stack smashing detected ***"));

    /** Cheap literal that every rule's first part contains: lines without any of them are skipped fast. */
    private static final String[] KEYS = {"fatal error: ", "panic: ", "SIGBUS", "Out of memory: ", "Killed process ",
        "lowmemorykiller: ", "INIT: PANIC", "*** stack smashing"};

    /** Whether the console text holds output that suppresses its reports. */
    static boolean suppressed(Console c) {
        for (int i = 0; i < c.size(); i++) {
            String s = c.content(i);
            boolean key = false;
            for (String k : KEYS) {
                if (s.contains(k)) {
                    key = true;
                    break;
                }
            }
            if (!key) {
                continue;
            }
            for (List<String> rule : RULES) {
                int at = 0;
                boolean all = true;
                for (String part : rule) {
                    int k = s.indexOf(part, at);
                    if (k < 0) {
                        all = false;
                        break;
                    }
                    at = k + part.length();
                }
                if (all) {
                    return true;
                }
            }
        }
        return false;
    }
}
