package dev.culprit.cli;

import dev.culprit.build.Checkout;
import dev.culprit.build.CompilerTable;
import dev.culprit.build.KernelBuildSpec;
import dev.culprit.build.KernelBuilder;
import dev.culprit.build.KernelImages;
import dev.culprit.build.KernelTools;
import dev.culprit.common.BadInputException;
import dev.culprit.common.Durations;
import dev.culprit.common.Processes;
import dev.culprit.run.Initramfs;
import dev.culprit.run.QemuAccel;
import dev.culprit.run.QemuRunner;
import dev.culprit.run.QemuSpec;
import dev.culprit.run.QemuTools;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The options of {@code culprit bisect --kernel}: build each commit as a Linux kernel and test it by booting it
 * in QEMU with a C reproducer, in place of {@code --build}/{@code --test}. A picocli mixin; {@link #create} turns
 * the options into the builder and runner after checking everything that can be checked before a build.
 */
public final class KernelOptions {
    @Option(names = "--kernel", description = "Bisect a Linux kernel tree: build with make, test in QEMU.")
    boolean kernel;

    @Option(names = "--kernel-config", paramLabel = "FILE", description = "The kernel .config for every commit.")
    Path config;

    @Option(names = "--repro", paramLabel = "FILE.c",
            description = "C reproducer, compiled statically once and run as the test machine's only program.")
    Path repro;

    @Option(names = "--vms", paramLabel = "N", description = "Test machines at once. Default: the number of cores.")
    Integer vms;

    @Option(names = "--compiler", defaultValue = "gcc", paramLabel = "gcc|clang|PATH",
            description = "Compiler for kernels the table does not cover. Default: ${DEFAULT-VALUE}.")
    String compiler;

    @Option(names = "--compiler-table", paramLabel = "FILE",
            description = "Lines 'FIRST_KERNEL_VERSION COMPILER': the compiler for each kernel release.")
    Path compilerTable;

    @Option(names = "--cmdline", defaultValue = "", paramLabel = "ARGS",
            description = "Added to the kernel command line (after " + QemuSpec.BASE_CMDLINE + ").")
    String cmdline;

    @Option(names = "--image", paramLabel = "INITRAMFS",
            description = "An initramfs (cpio, optionally compressed) with files the reproducer needs; "
                    + "culprit's /init and /repro are added on top.")
    Path image;

    @Option(names = "--ccache", description = "Require ccache (default: used when installed).")
    boolean ccache;

    @Option(names = "--ccache-dir", paramLabel = "DIR",
            description = "ccache's cache directory (default: CCACHE_DIR, else ccache's own default).")
    Path ccacheDir;

    @Option(names = "--repro-time", defaultValue = "1m", paramLabel = "DUR",
            description = "How long the reproducer may run in one boot. Default: ${DEFAULT-VALUE}.")
    String reproTime;

    @Option(names = "--accel", defaultValue = "auto", paramLabel = "auto|kvm|tcg",
            description = "QEMU accelerator. auto: KVM when /dev/kvm is usable, TCG if KVM turns out to hang. "
                    + "Default: ${DEFAULT-VALUE}.")
    String accel;

    @Option(names = "--vm-memory", defaultValue = "512", paramLabel = "MB",
            description = "Test machine memory. Default: ${DEFAULT-VALUE}.")
    int memoryMb;

    /** The kernel builder and QEMU runner, and how many machines run at once (the engine's jobs). */
    public record Parts(KernelBuilder builder, QemuRunner runner, int vms) {
    }

    public boolean enabled() {
        return kernel;
    }

    /** The --kernel-config file. */
    public Path configFile() {
        return config;
    }

    /** Test machines at once: --vms, else the number of cores. */
    public int vms() {
        return vms != null ? vms : Runtime.getRuntime().availableProcessors();
    }

    /** What makes two kernel builds of one commit the same: the config's content and the compiler choice. */
    public String buildIdentity() {
        return "kernel-config-sha256=" + sha256Of(config) + "\ncompiler=" + compiler + "\ncompiler-table-sha256="
                + (compilerTable == null ? "" : sha256Of(compilerTable));
    }

    /** What makes two runs the same experiment: the reproducer, the image, the command line, the time limit. */
    public String testIdentity() {
        return "repro-sha256=" + sha256Of(repro) + "\nimage-sha256=" + (image == null ? "" : sha256Of(image))
                + "\ncmdline=" + cmdline + "\nrepro-time=" + reproTime + "\nmemory=" + memoryMb;
    }

    private static String sha256Of(Path file) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(java.nio.file.Files.readAllBytes(file)));
        } catch (java.io.IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** One-line errors for options that cannot work, before anything is started. */
    public void check() {
        if (!kernel) {
            if (config != null || repro != null || vms != null || compilerTable != null || image != null || ccache
                    || ccacheDir != null || !cmdline.isEmpty()) {
                throw new BadInputException("--kernel-config, --repro, --vms, --compiler-table, --cmdline, --image"
                        + " and --ccache need --kernel");
            }
            return;
        }
        if (config == null) {
            throw new BadInputException("--kernel needs --kernel-config FILE (the .config to build every commit with)");
        }
        if (!Files.isRegularFile(config)) {
            throw new BadInputException("--kernel-config " + config + " does not exist");
        }
        if (repro == null) {
            throw new BadInputException("--kernel needs --repro FILE.c (the C reproducer)");
        }
        if (vms != null && vms < 1) {
            throw new BadInputException("--vms must be at least 1, got " + vms);
        }
        if (memoryMb < 64) {
            throw new BadInputException("--vm-memory must be at least 64 (MB), got " + memoryMb);
        }
        if (image != null && !isInitramfs(image)) {
            throw new BadInputException("--image " + image + " is not a cpio initramfs (plain, gzip, xz or zstd):"
                    + " disk images are not supported yet");
        }
        Durations.parse(reproTime);
        accel();
    }

    private QemuAccel accel() {
        return switch (accel) {
            case "auto" -> QemuTools.kvmUsable() ? QemuAccel.AUTO : QemuAccel.TCG;
            case "kvm" -> {
                if (!QemuTools.kvmUsable()) {
                    throw new BadInputException("--accel kvm: /dev/kvm cannot be opened for reading and writing");
                }
                yield QemuAccel.KVM;
            }
            case "tcg" -> QemuAccel.TCG;
            default -> throw new BadInputException("unknown --accel '" + accel + "': use auto, kvm or tcg");
        };
    }

    /**
     * Checks the host (make, flex, bison, bc, libelf, qemu, gcc: a one-line error naming the Debian package),
     * compiles the reproducer into the initramfs (a bad reproducer fails here, before any kernel is built) and
     * makes the builder and runner.
     *
     * @param repo         the kernel repository
     * @param checkout     puts a commit into the worktree the builder builds in
     * @param work         culprit's work directory (images, initramfs, logs go under it)
     * @param buildTimeout limit of one build
     * @param runTimeout   limit of one boot-and-reproduce
     */
    public Parts create(Path repo, Checkout checkout, Path work, Duration buildTimeout, Duration runTimeout,
                        Processes processes) {
        check();
        if (!kernel) {
            throw new IllegalStateException("create() without --kernel");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        CompilerTable table = compilerTable == null ? CompilerTable.single(compiler)
                : CompilerTable.parse(readTable(compilerTable), compiler, compilerTable.toString());
        boolean useCcache = ccache || KernelTools.which("ccache").isPresent();
        Path kernelWork = work.resolve("kernel");
        KernelImages images = new KernelImages(kernelWork.resolve("images"));
        KernelBuildSpec buildSpec = new KernelBuildSpec(repo, config.toAbsolutePath(), cores, table, useCcache,
                Optional.ofNullable(ccacheDir).map(Path::toAbsolutePath), buildTimeout, work.resolve("logs").resolve("build"), images);
        KernelBuilder builder = new KernelBuilder(checkout, buildSpec, processes);
        builder.checkTools();
        QemuTools.check("qemu-system-x86_64");
        Path initramfs = Initramfs.create(repro, Durations.parse(reproTime), Optional.ofNullable(image),
                kernelWork.resolve("initramfs"), processes);
        int machines = vms == null ? cores : vms;
        // A hung kernel prints nothing; init prints a heartbeat every 10 s, so 2 min of silence is a hang.
        QemuSpec qemuSpec = new QemuSpec("qemu-system-x86_64", accel(), memoryMb, 1, cmdline,
                initramfs, images, runTimeout, Duration.ofMinutes(2), machines, work.resolve("logs").resolve("runs"));
        return new Parts(builder, new QemuRunner(qemuSpec, processes), machines);
    }

    private static String readTable(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot read --compiler-table " + file + ": " + e.getMessage());
        }
    }

    /** cpio "newc"/"crc" magic, or a compressor the kernel can unpack an initramfs from. */
    static boolean isInitramfs(Path file) {
        byte[] head = new byte[6];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new BadInputException("cannot read --image " + file + ": " + e.getMessage());
        }
        if (n < 4) {
            return false;
        }
        String ascii = new String(head, 0, n, StandardCharsets.ISO_8859_1);
        int b0 = head[0] & 0xff;
        int b1 = head[1] & 0xff;
        return ascii.startsWith("07070") || (b0 == 0x1f && b1 == 0x8b) || (b0 == 0xfd && ascii.startsWith("7zXZ", 1))
                || (b0 == 0x28 && b1 == 0xb5 && (head[2] & 0xff) == 0x2f && (head[3] & 0xff) == 0xfd);
    }
}
