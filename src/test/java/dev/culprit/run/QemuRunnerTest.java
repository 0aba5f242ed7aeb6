package dev.culprit.run;

import dev.culprit.build.BuildResult;
import dev.culprit.build.KernelImages;
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

/** How QemuRunner starts QEMU, with real processes (no kernel is booted here: KernelBisectIT does that). */
class QemuRunnerTest {
    private static final String SIGNATURE = "ab".repeat(32);

    @TempDir
    Path tmp;

    private QemuRunner runner(String qemu) throws IOException {
        Path initramfs = Files.writeString(tmp.resolve("initramfs.cpio"), "not used");
        KernelImages images = new KernelImages(tmp.resolve("images"));
        Path bzImage = Files.writeString(tmp.resolve("bzImage"), "not a kernel");
        Path vmlinux = Files.writeString(tmp.resolve("vmlinux"), "not a kernel");
        images.store(SIGNATURE, bzImage, vmlinux, tmp);
        QemuSpec spec = new QemuSpec(qemu, QemuAccel.TCG, 256, 1, "", initramfs, images, Duration.ofSeconds(40),
                Duration.ofSeconds(20), 1, tmp.resolve("consoles"));
        return new QemuRunner(spec, new Processes());
    }

    @Test
    void qemuRunsUnderATimeoutThatOutlivesCulpritItself() throws IOException {
        List<String> argv = runner("qemu-system-x86_64").argv(tmp.resolve("bzImage"), tmp.resolve("console.txt"),
                tmp.resolve("qemu.pid"), false);
        // A culprit killed with SIGKILL cannot stop its machines: coreutils' timeout, started with each, does.
        assertThat(argv.subList(0, 4)).containsExactly("timeout", "--kill-after=10", "100s", "qemu-system-x86_64");
    }

    @Test
    void aQemuThatCannotBeRunIsAnInfrastructureErrorNotACrash() throws IOException {
        QemuRunner runner = runner(tmp.resolve("no-such-qemu").toString());
        BuildResult build = new BuildResult("c0ffee", true, Optional.of(SIGNATURE), Duration.ZERO, "",
                Optional.empty());
        RunOutcome outcome = runner.run(build, 0);
        assertThat(outcome).isInstanceOf(RunOutcome.InfraError.class);
        assertThat(outcome.describe()).contains("cannot start qemu").contains("no-such-qemu");
    }
}
