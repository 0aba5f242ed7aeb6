package dev.culprit.build;

import dev.culprit.common.ProcessResult;
import dev.culprit.common.ProcessSpec;
import dev.culprit.common.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DependencySetTest {
    @TempDir
    Path tmp;

    private static final DependencySet.Spec NO_EXTRAS = new DependencySet.Spec(List.of(), List.of(), List.of());

    @Test
    void parsesGccDependencyFiles() {
        String d = """
                main.o: main.c include/a.h \\
                  include/with\\ space.h /usr/include/stdio.h \\
                  cost$$.h
                include/a.h:
                include/with\\ space.h:
                """;
        assertThat(DependencySet.parseMakeDeps(d)).containsExactly("main.c", "include/a.h", "include/with space.h",
                "/usr/include/stdio.h", "cost$.h");
        assertThat(DependencySet.parseMakeDeps("this is no make rule\n")).isNull();
        assertThat(DependencySet.parseMakeDeps("")).isNull();
    }

    @Test
    void parsesKbuildCommandFiles() {
        String cmd = """
                savedcmd_drivers/net/dummy.o := gcc -Wp,-MMD,drivers/net/.dummy.o.d -nostdinc -c -o drivers/net/dummy.o drivers/net/dummy.c

                source_drivers/net/dummy.o := drivers/net/dummy.c

                deps_drivers/net/dummy.o := \\
                    $(wildcard include/config/NET_POLL_CONTROLLER) \\
                  include/linux/compiler-version.h \\
                    $(wildcard include/config/CC_VERSION_TEXT) \\
                  include/linux/kconfig.h \\
                  arch/x86/include/asm/page.h \\

                drivers/net/dummy.o: $(deps_drivers/net/dummy.o)

                $(deps_drivers/net/dummy.o):
                """;
        assertThat(DependencySet.parseKbuildCmd(cmd)).containsExactly("drivers/net/dummy.c",
                "include/linux/compiler-version.h", "include/linux/kconfig.h", "arch/x86/include/asm/page.h");
        // A link step has a command and nothing else: no paths, but it is a kbuild file.
        assertThat(DependencySet.parseKbuildCmd("savedcmd_vmlinux := scripts/link-vmlinux.sh \"ld\"\n")).isEmpty();
        assertThat(DependencySet.parseKbuildCmd("echo hello\n")).isNull();
    }

    @Test
    void kbuildVariableFormAndCommandInputs() {
        // usr/.initramfs_data.cpio.d: a variable, not a rule
        assertThat(DependencySet.parseMakeDeps("deps_initramfs := \\\n./usr/default_cpio_list \\\n\n"))
                .containsExactly("./usr/default_cpio_list");
        // a generated header's .cmd names its input in the command only
        assertThat(DependencySet.kbuildCommandWords("savedcmd_arch/x86/include/generated/asm/syscalls_64.h := sh "
                + "./scripts/syscalltbl.sh --abis common,64 arch/x86/entry/syscalls/syscall_64.tbl "
                + "arch/x86/include/generated/asm/syscalls_64.h\n"))
                .contains("./scripts/syscalltbl.sh", "arch/x86/entry/syscalls/syscall_64.tbl")
                .doesNotContain("--abis", "sh");
    }

    @Test
    void steeringFilesAreAlwaysRelevant() {
        DependencySet s = DependencySet.of(List.of("src/main.c", "include/a.h"), List.of("src/main.c",
                "src/unused.c", "include/a.h"), List.of("run.sh"));
        assertThat(s.relevant("src/main.c")).isTrue();
        assertThat(s.relevant("./include/a.h")).isTrue();
        assertThat(s.relevant("src/unused.c")).as("seen in the tree, not compiled").isFalse();
        assertThat(s.relevant("Documentation/index.rst")).isFalse();
        assertThat(s.relevant("arch/mips/kernel/setup.c")).isFalse();
        for (String steering : List.of("Makefile", "drivers/net/Makefile", "drivers/net/Kconfig", "Kbuild",
                "arch/x86/Kconfig.debug", "scripts/link-vmlinux.sh", "arch/x86/tools/relocs.c",
                "arch/x86/configs/x86_64_defconfig", "kernel/configs/kvm_guest.config", "arch/x86/kernel/vmlinux.lds.S",
                "tools/objtool/check.c", "CMakeLists.txt", "lib/build.mk", "run.sh")) {
            assertThat(s.relevant(steering)).as(steering).isTrue();
        }
        // Deleted before the build (never seen in its tree) next to a dependency: it may have been compiled.
        assertThat(s.relevant("src/removed.c")).isTrue();
        assertThat(s.relevant("elsewhere/removed.c")).isFalse();
    }

    @Test
    void collectsWhatGccSaysTheProgramDependsOn() throws IOException {
        Path src = tmp.resolve("src");
        write(src.resolve("main.c"), "#include \"util.h\"\nint helper(void);\nint main(void) { return helper() + U; }\n");
        write(src.resolve("helper.c"), "int helper(void) { return 0; }\n");
        write(src.resolve("util.h"), "#define U 0\n");
        write(src.resolve("unused.h"), "/* nobody includes me */\n");
        write(src.resolve("unused.c"), "int unused(void) { return 1; }\n");
        write(src.resolve("doc/README"), "docs\n");
        write(src.resolve("run.sh"), "./prog\n");
        String build = "cc -MMD -c main.c helper.c && cc -o prog main.o helper.o";
        sh(src, build);
        Optional<DependencySet> found = DependencySet.collect(src, src,
                new DependencySet.Spec(List.of(), List.of(build, "sh run.sh"), List.of()));
        assertThat(found).isPresent();
        DependencySet deps = found.get();
        assertThat(deps.files()).contains("main.c", "helper.c", "util.h").doesNotContain("unused.h", "unused.c");
        assertThat(deps.relevant("util.h")).isTrue();
        assertThat(deps.relevant("unused.h")).isFalse();
        assertThat(deps.relevant("unused.c")).isFalse();
        assertThat(deps.relevant("doc/README")).isFalse();
        assertThat(deps.relevant("run.sh")).as("named by the test command").isTrue();
        assertThat(deps.relevant("gone.c")).as("deleted next to the sources").isTrue();
    }

    @Test
    void aGlobInTheCommandIsAPattern() throws IOException {
        Path src = tmp.resolve("glob");
        write(src.resolve("a.c"), "int main(void) { return 0; }\n");
        write(src.resolve("x.d"), "a.o: a.c\n");
        write(src.resolve("b.txt"), "notes\n");
        DependencySet deps = DependencySet.collect(src, src,
                new DependencySet.Spec(List.of(), List.of("cc -o prog *.c"), List.of())).orElseThrow();
        assertThat(deps.relevant("b.c")).isTrue();
        assertThat(deps.relevant("sub/b.c")).isFalse();
        assertThat(deps.relevant("b.txt")).isFalse();
    }

    @Test
    void nothingKnownMeansNothingPruned() throws IOException {
        Path src = tmp.resolve("none");
        write(src.resolve("a.c"), "int main(void) { return 0; }\n");
        assertThat(DependencySet.collect(src, src, NO_EXTRAS)).isEmpty();
        write(src.resolve("a.d"), "this is not a dependency file\n");
        assertThat(DependencySet.collect(src, src, NO_EXTRAS)).isEmpty();
        Path bin = tmp.resolve("bin");
        write(bin.resolve("a.d"), new String(new byte[]{(byte) 0xff, (byte) 0xfe, 0, 1}, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(DependencySet.collect(bin, bin, NO_EXTRAS)).isEmpty();
    }

    @Test
    void kbuildTreeAndDepsFromFiles() throws IOException {
        Path src = tmp.resolve("linux");
        write(src.resolve("drivers/net/dummy.c"), "x\n");
        write(src.resolve("drivers/net/other.c"), "x\n");
        write(src.resolve("include/linux/kconfig.h"), "x\n");
        write(src.resolve("drivers/net/.dummy.o.cmd"), """
                savedcmd_drivers/net/dummy.o := gcc -c -o drivers/net/dummy.o drivers/net/dummy.c
                source_drivers/net/dummy.o := drivers/net/dummy.c
                deps_drivers/net/dummy.o := \\
                  include/linux/kconfig.h \\
                    $(wildcard include/config/X) \\

                """);
        DependencySet deps = DependencySet.collect(src, src, NO_EXTRAS).orElseThrow();
        assertThat(deps.files()).containsExactlyInAnyOrder("drivers/net/dummy.c", "include/linux/kconfig.h");
        assertThat(deps.relevant("drivers/net/other.c")).isFalse();

        Path user = tmp.resolve("user");
        write(user.resolve("lib/x.c"), "x\n");
        write(user.resolve("lib/y.c"), "x\n");
        write(user.resolve("deps.txt"), "lib/x.c\n# a comment\n");
        DependencySet listed = DependencySet.collect(user, user,
                new DependencySet.Spec(List.of("deps.txt"), List.of(), List.of())).orElseThrow();
        assertThat(listed.files()).containsExactly("lib/x.c");
    }

    @Test
    void trackerUnitesBuildsAndStopsAtAnUnknownOne() throws IOException {
        Path a = tmp.resolve("a");
        write(a.resolve("x.c"), "x\n");
        write(a.resolve("x.d"), "x.o: x.c\n");
        DependencySet.Tracker t = new DependencySet.Tracker(NO_EXTRAS);
        assertThat(t.current()).isEmpty();
        t.built(a, a);
        DependencySet first = t.current().orElseThrow();
        t.built(a, a);
        assertThat(t.current().orElseThrow()).as("nothing new: the same set").isSameAs(first);
        write(a.resolve("y.c"), "y\n");
        write(a.resolve("y.d"), "y.o: y.c\n");
        t.built(a, a);
        assertThat(t.current().orElseThrow().files()).containsExactlyInAnyOrder("x.c", "y.c");
        Files.delete(a.resolve("x.d"));
        Files.delete(a.resolve("y.d"));
        t.built(a, a);
        assertThat(t.current()).isEmpty();
        write(a.resolve("y.d"), "y.o: y.c\n");
        t.built(a, a);
        assertThat(t.current()).as("once unknown, always unknown").isEmpty();
    }

    @Test
    void aKbuildCommandInputIsADependency() throws IOException {
        Path src = tmp.resolve("k");
        write(src.resolve("arch/x86/entry/syscalls/syscall_64.tbl"), "0 common read sys_read\n");
        write(src.resolve("arch/x86/include/generated/asm/.syscalls_64.h.cmd"),
                "savedcmd_arch/x86/include/generated/asm/syscalls_64.h := sh ./scripts/syscalltbl.sh "
                        + "arch/x86/entry/syscalls/syscall_64.tbl arch/x86/include/generated/asm/syscalls_64.h\n");
        write(src.resolve("kernel/.fork.o.cmd"), "savedcmd_kernel/fork.o := gcc -c kernel/fork.c\n"
                + "source_kernel/fork.o := kernel/fork.c\n");
        write(src.resolve("kernel/fork.c"), "x\n");
        DependencySet deps = DependencySet.collect(src, src, NO_EXTRAS).orElseThrow();
        assertThat(deps.files()).contains("arch/x86/entry/syscalls/syscall_64.tbl", "kernel/fork.c");
    }

    @Test
    void aHeaderReachedThroughASymbolicLinkCountsUnderItsOwnPathToo() throws IOException {
        Path src = tmp.resolve("dts");
        write(src.resolve("include/dt-bindings/gpio.h"), "#define X 1\n");
        Files.createDirectories(src.resolve("arch/arm64/boot/dts/include"));
        Files.createSymbolicLink(src.resolve("arch/arm64/boot/dts/include/dt-bindings"),
                Path.of("../../../../../include/dt-bindings"));
        write(src.resolve("arch/arm64/boot/dts/board.dts"), "x\n");
        write(src.resolve("arch/arm64/boot/dts/board.dtb.d"),
                "board.dtb: arch/arm64/boot/dts/board.dts arch/arm64/boot/dts/include/dt-bindings/gpio.h\n");
        DependencySet deps = DependencySet.collect(src, src, NO_EXTRAS).orElseThrow();
        assertThat(deps.relevant("include/dt-bindings/gpio.h")).isTrue();
        assertThat(deps.relevant("localversion-rt")).isTrue();
    }

    @Test
    void theTrackerReadsOnlyWhatChangedSinceItsLastReading() throws IOException {
        Path a = tmp.resolve("inc");
        write(a.resolve("x.c"), "x\n");
        write(a.resolve("y.c"), "y\n");
        write(a.resolve("x.d"), "x.o: x.c\n");
        Files.setLastModifiedTime(a.resolve("x.d"), java.nio.file.attribute.FileTime.fromMillis(0));
        DependencySet.Tracker t = new DependencySet.Tracker(NO_EXTRAS);
        t.built(a, a);
        assertThat(t.current().orElseThrow().files()).containsExactly("x.c");
        write(a.resolve("y.d"), "y.o: y.c\n"); // written by the next build: new
        t.built(a, a);
        assertThat(t.current().orElseThrow().files()).containsExactlyInAnyOrder("x.c", "y.c");
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static void sh(Path dir, String command) {
        ProcessResult r = new Processes().run(ProcessSpec.of(dir, Duration.ofMinutes(2), List.of("sh", "-c", command)));
        assertThat(r.ok()).as(r.stdout() + r.stderr()).isTrue();
    }
}
