package dev.culprit.build;

import dev.culprit.common.ProcessResult;
import dev.culprit.common.ProcessSpec;
import dev.culprit.common.Processes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kernel release number as the top-level Makefile states it ({@code VERSION}, {@code PATCHLEVEL},
 * {@code SUBLEVEL}); the compiler table is keyed by it.
 */
public record KernelVersion(int major, int minor, int patch) implements Comparable<KernelVersion> {
    private static final Pattern LINE = Pattern.compile("(?m)^(VERSION|PATCHLEVEL|SUBLEVEL)\\s*=\\s*(\\d+)\\s*$");
    private static final Pattern TEXT = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    /** The version a kernel Makefile declares, or empty when it is not a kernel Makefile. */
    public static Optional<KernelVersion> fromMakefile(String makefile) {
        Integer v = null;
        Integer p = null;
        int s = 0;
        Matcher m = LINE.matcher(makefile);
        while (m.find()) {
            int n = Integer.parseInt(m.group(2));
            switch (m.group(1)) {
                case "VERSION" -> v = v == null ? n : v;
                case "PATCHLEVEL" -> p = p == null ? n : p;
                default -> s = n;
            }
        }
        return v == null || p == null ? Optional.empty() : Optional.of(new KernelVersion(v, p, s));
    }

    /** "6.1" or "6.1.12"; throws IllegalArgumentException otherwise. */
    public static KernelVersion parse(String text) {
        Matcher m = TEXT.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a kernel version: '" + text + "' (want e.g. 6.1 or 5.10.12)");
        }
        return new KernelVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }

    /** The version of the kernel at {@code commit}, read with {@code git show COMMIT:Makefile} (no checkout). */
    public static Optional<KernelVersion> atCommit(Processes processes, Path repo, String commit) {
        ProcessResult r = processes.run(ProcessSpec.of(repo, Duration.ofSeconds(30),
                List.of("git", "show", commit + ":Makefile")));
        return r.ok() ? fromMakefile(r.stdout()) : Optional.empty();
    }

    @Override
    public int compareTo(KernelVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + (patch == 0 ? "" : "." + patch);
    }
}
