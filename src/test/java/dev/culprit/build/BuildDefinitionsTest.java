package dev.culprit.build;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuildDefinitionsTest {
    @ParameterizedTest
    @CsvSource({
        "Makefile, true", "src/lib/Makefile, true", "GNUmakefile, true", "scripts/rules.mk, true",
        "CMakeLists.txt, true", "cmake/toolchain.cmake, true", "configure.ac, true", "meson.build, true",
        "Cargo.toml, true", "crates/core/build.rs, true", "package.json, true", "go.mod, true",
        "pyproject.toml, true", "arch/x86/kernel/vmlinux.lds, true", "app.pro, true",
        "main.c, false", "include/util.h, false", "README.md, false", "Makefile.txt, false", "docs/make.rst, false",
        ".mk, false", "src/build.c, false", "tests/test_setup.py, false"})
    void pathsThatDefineTheBuild(String path, boolean defines) {
        assertThat(BuildDefinitions.defines(path)).isEqualTo(defines);
    }
}
