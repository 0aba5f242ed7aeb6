package dev.culprit.run;

import dev.culprit.build.KernelImages;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How test machines are started.
 *
 * @param qemu          the QEMU binary
 * @param accel         KVM, TCG, or KVM with a fall-back to TCG
 * @param memoryMb      guest memory
 * @param cpus          guest CPUs
 * @param extraCmdline  appended to the kernel command line ("" for none)
 * @param initramfs     the initrd every run boots (see {@link Initramfs})
 * @param images        where the builder keeps kernels by signature
 * @param runTimeout    a whole run, boot to power-off; past it the run is {@code timed out}
 * @param silence       console quiet for this long: {@code no output from test machine}
 * @param vms           machines at once
 * @param consoleDir    where each run's console (and QEMU's own messages) are kept
 */
public record QemuSpec(String qemu, QemuAccel accel, int memoryMb, int cpus, String extraCmdline, Path initramfs,
                       KernelImages images, Duration runTimeout, Duration silence, int vms, Path consoleDir) {
    /** syzbot's crash-on-first-problem settings: a WARNING or oops panics, and a panic ends the machine at once. */
    public static final String BASE_CMDLINE = "console=ttyS0 panic_on_warn=1 oops=panic panic=-1";

    public QemuSpec {
        Objects.requireNonNull(qemu, "qemu");
        Objects.requireNonNull(accel, "accel");
        Objects.requireNonNull(extraCmdline, "extraCmdline");
        Objects.requireNonNull(initramfs, "initramfs");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(runTimeout, "runTimeout");
        Objects.requireNonNull(silence, "silence");
        Objects.requireNonNull(consoleDir, "consoleDir");
        if (memoryMb < 64 || cpus < 1 || vms < 1) {
            throw new IllegalArgumentException("memory >= 64 MB, cpus >= 1, vms >= 1");
        }
    }

    public String cmdline() {
        return extraCmdline.isBlank() ? BASE_CMDLINE : BASE_CMDLINE + " " + extraCmdline.strip();
    }
}
