package dev.culprit.run;

import dev.culprit.build.KernelTools;
import dev.culprit.common.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;

/** Host checks for test machines: QEMU installed, KVM usable. */
public final class QemuTools {
    private QemuTools() {
    }

    /** A missing QEMU or gcc is a one-line error naming the Debian package. */
    public static void check(String qemu) {
        if (KernelTools.which(qemu).isEmpty()) {
            throw new BadInputException("running kernels needs " + qemu + ": apt-get install qemu-system-x86");
        }
        if (KernelTools.which("gcc").isEmpty()) {
            throw new BadInputException("compiling the reproducer needs gcc: apt-get install gcc libc6-dev");
        }
    }

    /** KVM when /dev/kvm can be opened for reading and writing; otherwise software emulation. */
    public static boolean kvmUsable() {
        Path kvm = Path.of("/dev/kvm");
        return Files.exists(kvm) && Files.isReadable(kvm) && Files.isWritable(kvm);
    }
}
