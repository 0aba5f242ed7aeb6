package dev.culprit.build;

import dev.culprit.common.BadInputException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which compiler builds which kernel release, as syzbot keeps one per release range: old kernels do not build
 * with new compilers (new warnings under -Werror, removed options). Each line of the table file is
 * {@code FIRST_VERSION COMPILER}; the entry with the newest first version not after the commit's kernel version
 * wins; a kernel older than every entry, or whose version is unknown, gets the default compiler.
 *
 * <pre>
 * # kernel  compiler
 * 4.19      gcc-8
 * 5.10      /opt/gcc-10/bin/gcc
 * 6.1       gcc
 * </pre>
 */
public final class CompilerTable {
    /** One line of the table. */
    public record Entry(KernelVersion first, String compiler) {
        public Entry {
            Objects.requireNonNull(first, "first");
            checkCompiler(compiler);
        }
    }

    private final String defaultCompiler;
    private final List<Entry> entries;

    public CompilerTable(String defaultCompiler, List<Entry> entries) {
        this.defaultCompiler = checkCompiler(defaultCompiler);
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Entry::first));
        this.entries = List.copyOf(sorted);
    }

    /** Every kernel gets {@code compiler}. */
    public static CompilerTable single(String compiler) {
        return new CompilerTable(compiler, List.of());
    }

    /** Parses a table file's text; {@code source} names it in error messages. */
    public static CompilerTable parse(String text, String defaultCompiler, String source) {
        List<Entry> entries = new ArrayList<>();
        int n = 0;
        for (String raw : text.split("\n", -1)) {
            n++;
            String line = raw.replaceFirst("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 2) {
                throw new BadInputException(source + ":" + n + ": want 'KERNEL_VERSION COMPILER', got '" + line + "'");
            }
            try {
                entries.add(new Entry(KernelVersion.parse(parts[0]), parts[1]));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(source + ":" + n + ": " + e.getMessage());
            }
        }
        return new CompilerTable(defaultCompiler, entries);
    }

    /** The compiler for a kernel of this version. */
    public String compilerFor(Optional<KernelVersion> version) {
        if (version.isEmpty()) {
            return defaultCompiler;
        }
        String chosen = defaultCompiler;
        for (Entry e : entries) {
            if (e.first().compareTo(version.get()) <= 0) {
                chosen = e.compiler();
            }
        }
        return chosen;
    }

    public String defaultCompiler() {
        return defaultCompiler;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** A compiler is one program name or path: it becomes one word of make's CC. */
    private static String checkCompiler(String compiler) {
        if (compiler == null || compiler.isBlank() || compiler.chars().anyMatch(Character::isWhitespace)) {
            throw new BadInputException("compiler '" + compiler + "' must be one program name or path (gcc, clang,"
                    + " /opt/gcc-12/bin/gcc)");
        }
        return compiler;
    }
}
