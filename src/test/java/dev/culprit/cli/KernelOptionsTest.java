package dev.culprit.cli;

import dev.culprit.common.BadInputException;
import dev.culprit.common.Processes;
import dev.culprit.run.Initramfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Option checks of {@code --kernel}, and the reproducer compiled before any kernel build. */
class KernelOptionsTest {
    @TempDir
    Path tmp;

    private static KernelOptions parse(String... args) {
        return CommandLine.populateCommand(new KernelOptions(), args);
    }

    @Test
    void kernelOptionsNeedKernelAndKernelNeedsConfigAndRepro() throws IOException {
        assertThatThrownBy(() -> parse("--vms", "2").check()).isInstanceOf(BadInputException.class)
                .hasMessageContaining("need --kernel");
        assertThatThrownBy(() -> parse("--kernel").check()).hasMessageContaining("--kernel-config");
        Path config = Files.writeString(tmp.resolve("config"), "CONFIG_64BIT=y\n");
        assertThatThrownBy(() -> parse("--kernel", "--kernel-config", config.toString()).check())
                .hasMessageContaining("--repro");
        assertThatThrownBy(() -> parse("--kernel", "--kernel-config", config.toString(), "--repro", "r.c",
                "--vms", "0").check()).hasMessageContaining("--vms");
        parse().check();
        assertThat(parse().enabled()).isFalse();
    }

    @Test
    void imageMustBeAnInitramfs() throws IOException {
        Path cpio = Files.write(tmp.resolve("a.cpio"), "070701000000".getBytes());
        Path gz = tmp.resolve("a.cpio.gz");
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("070701".getBytes());
        }
        Path disk = Files.write(tmp.resolve("disk.img"), new byte[512]);
        assertThat(KernelOptions.isInitramfs(cpio)).isTrue();
        assertThat(KernelOptions.isInitramfs(gz)).isTrue();
        assertThat(KernelOptions.isInitramfs(disk)).isFalse();
    }

    @Test
    void badReproducerIsOneLineBeforeAnyBuild() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.c"), "int main(void) { return undeclared; }\n");
        assertThatThrownBy(() -> Initramfs.create(bad, Duration.ofSeconds(5), Optional.empty(), tmp.resolve("i"),
                new Processes()))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("--repro " + bad + " does not compile with gcc -static: ")
                .hasMessageContaining("undeclared")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void goodReproducerMakesAnInitramfs() throws IOException {
        Path good = Files.writeString(tmp.resolve("good.c"), "int main(void) { return 0; }\n");
        Path out = Initramfs.create(good, Duration.ofSeconds(5), Optional.empty(), tmp.resolve("i"),
                new Processes());
        byte[] bytes = Files.readAllBytes(out);
        assertThat(new String(bytes, 0, 6)).isEqualTo("070701");
        assertThat(Files.isExecutable(tmp.resolve("i").resolve("init"))).isTrue();
    }
}
