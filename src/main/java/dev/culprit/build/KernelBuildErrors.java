package dev.culprit.build;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reduces a failed kernel build's output to the lines that say why it failed. make's own
 * {@code make[2]: *** [...] Error 1} lines are consequences and are dropped; compiler, assembler, linker,
 * objtool and Kconfig complaints are kept, once each, in order.
 */
public final class KernelBuildErrors {
    private static final Pattern ROOT_CAUSE = Pattern.compile(
            ": error: |: fatal error: |undefined reference to|multiple definition of|No rule to make target|"
                    + ": Error: |objtool: .*(error|warning: objtool)|Kconfig:\\d+: |\\*\\*\\* .*(not found|required|"
                    + "failed|missing|Please)|cannot find -l|: command not found|Segmentation fault|"
                    + "internal compiler error|error: ld returned");
    private static final Pattern MAKE_ERROR = Pattern.compile("^make(\\[\\d+])?: \\*\\*\\* \\[.*] (Error|Killed)");
    private static final int MAX_LINES = 10;

    private KernelBuildErrors() {
    }

    /**
     * The root-cause lines of {@code output}, with {@code treePrefix} (the checkout's absolute path and a slash)
     * cut so that two checkouts report the same text; the last lines when nothing matches.
     */
    public static String summarize(String output, String treePrefix) {
        Set<String> causes = new LinkedHashSet<>();
        List<String> lines = output.lines().map(l -> strip(l, treePrefix)).toList();
        for (String line : lines) {
            if (ROOT_CAUSE.matcher(line).find() && !MAKE_ERROR.matcher(line).find()) {
                causes.add(line.strip());
                if (causes.size() == MAX_LINES) {
                    break;
                }
            }
        }
        if (!causes.isEmpty()) {
            return String.join("\n", causes);
        }
        List<String> tail = new ArrayList<>();
        for (int i = lines.size() - 1; i >= 0 && tail.size() < 5; i--) {
            if (!lines.get(i).isBlank()) {
                tail.add(0, lines.get(i).strip());
            }
        }
        return tail.isEmpty() ? "the build failed with no output" : String.join("\n", tail);
    }

    private static String strip(String line, String prefix) {
        return prefix.isEmpty() ? line : line.replace(prefix, "");
    }
}
