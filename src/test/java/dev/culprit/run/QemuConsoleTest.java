package dev.culprit.run;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outcome rules on real consoles of the lab kernel (its init printed "LAB:" lines; they are mapped to
 * culprit's markers here).
 */
class QemuConsoleTest {
    private static final QemuConsole.Ending EXITED = new QemuConsole.Ending(null, 0, false, false, "");

    private static String console(String name) throws IOException {
        try (InputStream in = QemuConsoleTest.class.getResourceAsStream("/kernel/consoles/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("LAB: running reproducer", Initramfs.READY)
                    .replace("LAB: DONE-NO-CRASH", Initramfs.DONE);
        }
    }

    private static RunOutcome classify(String text, QemuConsole.Ending end) {
        return QemuConsole.classify(text, end, Duration.ofSeconds(1), Optional.empty());
    }

    @Test
    void cleanRunIsOk() throws IOException {
        assertThat(classify(console("console-ok.txt"), EXITED)).isInstanceOf(RunOutcome.Ok.class);
    }

    @Test
    void theBootBannerIsNotAReboot() throws IOException {
        String first = "Decompressing Linux... Parsing ELF... done.\nBooting the kernel.\n";
        assertThat(classify(first + console("console-ok.txt"), EXITED)).isInstanceOf(RunOutcome.Ok.class);
        // The same banner after the kernel ran is a machine that started over in the middle of the test.
        String again = console("console-ok.txt").replace(Initramfs.DONE, "") + "Booting the kernel.\n";
        assertThat(classify(again, EXITED).describe()).isEqualTo("crashed: " + QemuConsole.REBOOT);
    }

    @Test
    void warningAfterTheReadyMarkerIsACrash() throws IOException {
        RunOutcome o = classify(console("console-warn.txt"), EXITED);
        assertThat(o).isInstanceOf(RunOutcome.Crashed.class);
        assertThat(((RunOutcome.Crashed) o).title()).isEqualTo("WARNING in vfs_mkdir");
    }

    @Test
    void crashBeforeTheReadyMarkerIsABootFailure() throws IOException {
        String text = console("console-warn.txt").replace(Initramfs.READY, "LAB: running reproducer");
        RunOutcome o = classify(text, EXITED);
        assertThat(o).isInstanceOf(RunOutcome.BootFailed.class);
        assertThat(o.describe()).isEqualTo("boot failed: WARNING in vfs_mkdir");
    }

    @Test
    void silenceQemuDeathAndStartFailures() throws IOException {
        String booted = console("console-ok.txt").replace(Initramfs.DONE, "");
        assertThat(classify(booted, new QemuConsole.Ending(null, -1, false, true, "")).describe())
                .isEqualTo("crashed: no output from test machine");
        assertThat(classify("[    0.1] Linux version 6.1", new QemuConsole.Ending(null, -1, false, true, ""))
                .describe()).isEqualTo("boot failed: no output from test machine");
        assertThat(classify(booted, new QemuConsole.Ending(null, 1, false, false, "")).describe())
                .isEqualTo("crashed: lost connection to test machine");
        assertThat(classify(booted, new QemuConsole.Ending(null, -1, true, false, "")))
                .isInstanceOf(RunOutcome.TimedOut.class);
        assertThat(classify("", new QemuConsole.Ending(null, 1, false, false,
                "qemu-system-x86_64: could not load kernel '/x/bzImage'\n")).describe())
                .isEqualTo("infra error: qemu failed: qemu-system-x86_64: could not load kernel '/x/bzImage'");
        assertThat(classify("", new QemuConsole.Ending("cannot start qemu-system-x86_64: not found", -1, false,
                false, ""))).isInstanceOf(RunOutcome.InfraError.class);
    }

    @Test
    void archiveIsNewcCpio() {
        byte[] a = Initramfs.archive(new byte[]{1, 2, 3}, new byte[]{4});
        String text = new String(a, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("070701").contains("dev/console\0").contains("init\0").contains("TRAILER!!!\0");
        assertThat(a.length % 4).isZero();
    }
}
