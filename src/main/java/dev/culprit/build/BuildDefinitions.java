package dev.culprit.build;

import java.util.Set;

/**
 * Files that define how a project is built (makefiles, CMake and Meson files, configure scripts, package
 * manifests, linker scripts). Build tools seldom make their outputs depend on them: objects compiled under an
 * older makefile's flags look up to date under the new one. A change to one of them is a reason to build from
 * scratch.
 */
public final class BuildDefinitions {
    private BuildDefinitions() {
    }

    private static final Set<String> NAMES = Set.of("Makefile", "makefile", "GNUmakefile", "Kbuild",
            "CMakeLists.txt", "CMakePresets.json", "configure", "configure.ac", "configure.in", "Makefile.am",
            "Makefile.in", "meson.build", "meson_options.txt", "meson.options", "build.ninja", "SConstruct",
            "SConscript", "BUILD", "BUILD.bazel", "WORKSPACE", "WORKSPACE.bazel", "MODULE.bazel", "build.gradle",
            "build.gradle.kts", "settings.gradle", "settings.gradle.kts", "pom.xml", "build.xml", "Cargo.toml",
            "Cargo.lock", "build.rs", "package.json", "package-lock.json", "go.mod", "go.sum", "setup.py",
            "setup.cfg", "pyproject.toml", "premake5.lua", "xmake.lua");

    private static final String[] SUFFIXES = {".mk", ".mak", ".make", ".cmake", ".ninja", ".bzl", ".gradle",
        ".pro", ".pri", ".ld", ".lds", ".vcxproj", ".sln"};

    private static final String[] HEADER_SUFFIXES = {".h", ".hh", ".hpp", ".hxx", ".h++", ".inc", ".inl", ".tcc"};

    /** Whether the repository path names a C or C++ header (or another file made to be included). */
    public static boolean header(String path) {
        return hasSuffix(name(path), HEADER_SUFFIXES);
    }

    /** Whether the repository path names a build definition. */
    public static boolean defines(String path) {
        String name = name(path);
        return NAMES.contains(name) || hasSuffix(name, SUFFIXES);
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Whether the file name ends with one of the suffixes and has more before it (".mk" alone is no makefile). */
    private static boolean hasSuffix(String name, String[] suffixes) {
        for (String suffix : suffixes) {
            if (name.endsWith(suffix) && name.length() > suffix.length()) {
                return true;
            }
        }
        return false;
    }
}
