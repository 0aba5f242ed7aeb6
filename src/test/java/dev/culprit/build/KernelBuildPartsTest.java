package dev.culprit.build;

import dev.culprit.common.BadInputException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The small pure parts of the kernel builder: versions, the compiler table, error summaries. */
class KernelBuildPartsTest {

    @Test
    void versionFromTheTopMakefile() {
        String makefile = "# SPDX-License-Identifier: GPL-2.0\nVERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 192\n"
                + "EXTRAVERSION =\nNAME = Curry Ramen\n";
        assertThat(KernelVersion.fromMakefile(makefile)).contains(new KernelVersion(6, 1, 192));
        assertThat(KernelVersion.fromMakefile("all:\n\tcc x.c\n")).isEmpty();
        assertThat(KernelVersion.parse("5.10")).isEqualTo(new KernelVersion(5, 10, 0));
        assertThat(new KernelVersion(5, 19, 0)).isLessThan(new KernelVersion(6, 0, 0));
        assertThat(new KernelVersion(6, 1, 0)).isLessThan(new KernelVersion(6, 1, 2));
    }

    @Test
    void compilerTablePicksTheNewestEntryNotAfterTheKernel() {
        CompilerTable t = CompilerTable.parse("""
                # kernel  compiler
                6.1   /opt/gcc-12/bin/gcc   # newest
                4.19  gcc-8
                5.10  gcc-10
                """, "gcc", "table");
        assertThat(t.compilerFor(Optional.of(KernelVersion.parse("4.14")))).isEqualTo("gcc");
        assertThat(t.compilerFor(Optional.of(KernelVersion.parse("4.19")))).isEqualTo("gcc-8");
        assertThat(t.compilerFor(Optional.of(KernelVersion.parse("5.15.3")))).isEqualTo("gcc-10");
        assertThat(t.compilerFor(Optional.of(KernelVersion.parse("6.6")))).isEqualTo("/opt/gcc-12/bin/gcc");
        assertThat(t.compilerFor(Optional.empty())).isEqualTo("gcc");
    }

    @Test
    void compilerTableErrorsNameTheLine() {
        assertThatThrownBy(() -> CompilerTable.parse("6.1 gcc\nfive gcc-8\n", "gcc", "t.txt"))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("t.txt:2: ");
        assertThatThrownBy(() -> CompilerTable.parse("6.1\n", "gcc", "t.txt"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("t.txt:1");
        assertThatThrownBy(() -> CompilerTable.single("ccache gcc")).isInstanceOf(BadInputException.class);
    }

    @Test
    void buildErrorsAreReducedToTheirRootCause() {
        String out = """
                  CC      fs/namei.o
                /work/tree/fs/namei.c: In function 'vfs_mkdir':
                /work/tree/fs/namei.c:4101:9: error: 'foo' undeclared (first use in this function)
                /work/tree/fs/namei.c:4101:9: note: each undeclared identifier is reported only once
                make[3]: *** [scripts/Makefile.build:250: fs/namei.o] Error 1
                make[2]: *** [scripts/Makefile.build:500: fs] Error 2
                ld: kernel/fork.o: in function `copy_process':
                fork.c:(.text+0x1234): undefined reference to `lab_missing'
                make: *** [Makefile:2012: .] Error 2
                """;
        assertThat(KernelBuildErrors.summarize(out, "/work/tree/")).isEqualTo("""
                fs/namei.c:4101:9: error: 'foo' undeclared (first use in this function)
                fork.c:(.text+0x1234): undefined reference to `lab_missing'""");
        assertThat(KernelBuildErrors.summarize("a\nb\n\nmake: *** [x] Error 2\n", ""))
                .isEqualTo("a\nb\nmake: *** [x] Error 2");
    }

    @Test
    void signatureIgnoresDebugInfoButNotCode(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws java.io.IOException {
        java.nio.file.Path a = tmp.resolve("a.c");
        java.nio.file.Files.writeString(a, "int f(int x) { return x + 1; }\nint main(void) { return f(2); }\n");
        java.nio.file.Path b = tmp.resolve("b.c");
        java.nio.file.Files.writeString(b, "int f(int x) { return x + 2; }\nint main(void) { return f(2); }\n");
        String withDebug = signatureOf(tmp, a, "-g");
        assertThat(withDebug).hasSize(64);
        assertThat(signatureOf(tmp, a, "-g0")).isEqualTo(withDebug);
        assertThat(signatureOf(tmp, b, "-g0")).isNotEqualTo(withDebug);
        assertThat(KernelBuilder.signature(a)).isEmpty();
    }

    private static String signatureOf(java.nio.file.Path dir, java.nio.file.Path source, String flag) {
        java.nio.file.Path out = dir.resolve(source.getFileName() + flag);
        var r = new dev.culprit.common.Processes().run(dev.culprit.common.ProcessSpec.of(dir,
                java.time.Duration.ofMinutes(1), java.util.List.of("gcc", "-O1", flag, "-o", out.toString(),
                        source.toString())));
        assertThat(r.ok()).as(r.stderr()).isTrue();
        return KernelBuilder.signature(out).orElseThrow();
    }

    @Test
    void compilerPackages() {
        assertThat(KernelTools.compilerPackage("gcc-12")).isEqualTo("gcc-12");
        assertThat(KernelTools.compilerPackage("/usr/bin/clang-16")).isEqualTo("clang-16");
        assertThat(KernelTools.compilerPackage("cc")).isEqualTo("gcc");
        assertThat(KernelTools.which("sh")).isPresent();
        assertThat(KernelTools.which("no-such-program-culprit")).isEmpty();
    }
}
