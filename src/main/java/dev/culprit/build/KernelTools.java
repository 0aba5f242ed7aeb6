package dev.culprit.build;

import dev.culprit.common.BadInputException;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a kernel build needs on the host, each with the Debian package that provides it, so that a missing one
 * is a one-line error before the first build rather than a cryptic make failure in the middle of a bisection.
 */
public final class KernelTools {
    /** A program the build runs, and its Debian package. */
    record Need(String program, String debianPackage) {
    }

    private static final List<Need> PROGRAMS = List.of(
            new Need("make", "make"), new Need("flex", "flex"), new Need("bison", "bison"), new Need("bc", "bc"),
            new Need("perl", "perl"), new Need("ld", "binutils"), new Need("gzip", "gzip"));
    /** Headers the host tools (objtool, sign-file, extract-cert) compile against. */
    private static final Map<String, String> HEADERS = Map.of(
            "/usr/include/gelf.h", "libelf-dev",
            "/usr/include/openssl/opensslv.h", "libssl-dev");

    private KernelTools() {
    }

    /** The program's path on PATH (or the path itself when it names a file), if it is there. */
    public static Optional<Path> which(String program) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Checks that everything a kernel build needs is installed; throws a one-line {@link BadInputException}
     * naming the Debian packages otherwise.
     *
     * @param compilers every compiler the table may pick
     * @param ccache    whether ccache will be used
     */
    public static void check(List<String> compilers, boolean ccache) {
        List<String> missing = new ArrayList<>();
        List<String> packages = new ArrayList<>();
        for (Need n : PROGRAMS) {
            if (which(n.program()).isEmpty()) {
                missing.add(n.program());
                packages.add(n.debianPackage());
            }
        }
        for (String c : compilers) {
            if (which(c).isEmpty()) {
                missing.add(c);
                packages.add(compilerPackage(c));
            }
        }
        if (ccache && which("ccache").isEmpty()) {
            missing.add("ccache");
            packages.add("ccache");
        }
        for (Map.Entry<String, String> h : HEADERS.entrySet()) {
            if (!Files.isRegularFile(Path.of(h.getKey()))) {
                missing.add(h.getKey());
                packages.add(h.getValue());
            }
        }
        if (!missing.isEmpty()) {
            throw new BadInputException("building a kernel needs " + String.join(", ", missing)
                    + ": apt-get install " + String.join(" ", packages.stream().distinct().toList()));
        }
    }

    /** Debian's package for a compiler name: gcc-12 for gcc-12, clang-16 for clang-16. */
    static String compilerPackage(String compiler) {
        String name = Path.of(compiler).getFileName().toString();
        return name.equals("cc") ? "gcc" : name;
    }
}
