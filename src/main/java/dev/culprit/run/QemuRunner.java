package dev.culprit.run;

import dev.culprit.build.BuildResult;
import dev.culprit.common.BadInputException;
import dev.culprit.common.InfraException;
import dev.culprit.common.ProcessResult;
import dev.culprit.common.ProcessSpec;
import dev.culprit.common.Processes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Boots the built kernel in {@code qemu-system-x86_64} with the culprit initramfs and classifies the run
 * ({@link QemuConsole}). Thread-safe: up to {@link QemuSpec#vms()} machines run at once, each with its own
 * directory (console, QEMU's messages, pid file); the kernel image and initramfs are only read.
 */
public final class QemuRunner implements Runner {
    /**
     * QEMU runs under coreutils' timeout with this much more than the run's own limit: the engine's kill comes first
     * while culprit lives, and a QEMU left behind by a culprit that was killed (SIGKILL, a lost machine) still ends.
     */
    static final Duration ORPHAN_GRACE = Duration.ofSeconds(60);
    /** timeout's exit status when the command could not be found or run. */
    private static final int CANNOT_RUN = 127;
    private static final int CANNOT_EXECUTE = 126;

    /** A kernel prints its first line well within this even under TCG; silence this long under KVM = broken KVM. */
    public static final Duration KVM_FIRST_OUTPUT = Duration.ofSeconds(30);

    private final QemuSpec spec;
    private final Processes processes;
    private final Semaphore machines;
    /** AUTO: whether KVM was seen to work (a machine printed something) or to hang; null while unknown. */
    private final AtomicReference<Boolean> kvmWorks = new AtomicReference<>();
    /** Per kernel signature: the symbolizer of its vmlinux, empty when it has no debug info. */
    private final Map<String, Optional<QemuSymbolizer>> symbolizers = new ConcurrentHashMap<>();

    public QemuRunner(QemuSpec spec, Processes processes) {
        this.spec = spec;
        this.processes = processes;
        this.machines = new Semaphore(spec.vms());
        if (!Files.isRegularFile(spec.initramfs())) {
            throw new BadInputException("initramfs " + spec.initramfs() + " does not exist");
        }
    }

    public QemuSpec spec() {
        return spec;
    }

    @Override
    public RunOutcome run(BuildResult build, int index) {
        if (build.signature().isEmpty()) {
            return new RunOutcome.InfraError("the build of " + build.commit() + " has no kernel signature",
                    Duration.ZERO, Optional.empty());
        }
        Path bzImage = spec.images().bzImage(build.signature().get());
        if (!Files.isRegularFile(bzImage)) {
            return new RunOutcome.InfraError("no kernel image " + bzImage, Duration.ZERO, Optional.empty());
        }
        try {
            machines.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RunOutcome.InfraError("interrupted", Duration.ZERO, Optional.empty());
        }
        try {
            boolean kvm = useKvm();
            boolean probing = kvm && spec.accel() == QemuAccel.AUTO && kvmWorks.get() == null;
            Path dir = runDir(build.commit(), index);
            String signature = build.signature().get();
            RunOutcome outcome = boot(signature, bzImage, dir, kvm, probing);
            if (probing) {
                boolean silentFromStart = readConsole(dir.resolve("console.txt")).isEmpty()
                        && (outcome instanceof RunOutcome.BootFailed || outcome instanceof RunOutcome.TimedOut);
                kvmWorks.compareAndSet(null, !silentFromStart);
                if (silentFromStart) {
                    note(dir.resolve("accel.txt"), "KVM printed nothing in " + KVM_FIRST_OUTPUT.toSeconds()
                            + " s: this runner uses TCG from now on; the run is repeated in the next directory\n");
                    outcome = boot(signature, bzImage, runDir(build.commit(), index), false, false);
                }
            }
            return outcome;
        } finally {
            machines.release();
        }
    }

    private boolean useKvm() {
        return switch (spec.accel()) {
            case KVM -> true;
            case TCG -> false;
            case AUTO -> !Boolean.FALSE.equals(kvmWorks.get());
        };
    }

    private RunOutcome boot(String signature, Path bzImage, Path dir, boolean kvm, boolean probing) {
        Path console = dir.resolve("console.txt");
        Path pidFile = dir.resolve("qemu.pid");
        ProcessResult r;
        Watchdog watchdog = new Watchdog(console, pidFile, spec.silence(),
                probing ? KVM_FIRST_OUTPUT : spec.silence());
        try {
            watchdog.start();
            r = processes.run(new ProcessSpec(argv(bzImage, console, pidFile, kvm), dir, Map.of(), spec.runTimeout(),
                    true, Optional.of(dir.resolve("qemu.txt")), 1 << 20));
        } finally {
            watchdog.finish();
        }
        String text = symbolized(signature, readConsole(console), dir);
        String startError = !r.started() ? r.startError()
                : (r.exitCode() == CANNOT_RUN || r.exitCode() == CANNOT_EXECUTE) && !r.timedOut()
                ? r.stdout().strip().lines().reduce((a, b) -> b).orElse("cannot run " + spec.qemu()) : null;
        QemuConsole.Ending end = new QemuConsole.Ending(startError, r.exitCode(), r.timedOut(), watchdog.fired(),
                r.stdout());
        return QemuConsole.classify(text, end, r.duration(), Optional.of(console));
    }

    /**
     * The console with source locations in its stack frames when the kernel has debug info (kept next to the
     * raw console as console-symbolized.txt); else the console itself.
     */
    private String symbolized(String signature, String console, Path dir) {
        if (!console.contains("Call Trace") && !console.contains("RIP: ")) {
            return console;
        }
        Optional<QemuSymbolizer> s = symbolizers.computeIfAbsent(signature, sig -> QemuSymbolizer.of(
                spec.images().vmlinux(sig), spec.images().sourceRoot(sig), processes));
        if (s.isEmpty()) {
            return console;
        }
        String text = s.get().symbolize(console);
        note(dir.resolve("console-symbolized.txt"), text);
        return text;
    }

    private static void note(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            // only a note for the reader of the run directory
        }
    }

    /** The QEMU command line of one machine. */
    List<String> argv(Path bzImage, Path console, Path pidFile, boolean kvm) {
        long orphanLimit = spec.runTimeout().plus(ORPHAN_GRACE).toSeconds();
        List<String> a = new ArrayList<>(List.of("timeout", "--kill-after=10", orphanLimit + "s",
                spec.qemu(), "-accel", kvm ? "kvm" : "tcg"));
        if (kvm) {
            a.addAll(List.of("-cpu", "host"));
        }
        a.addAll(List.of("-m", Integer.toString(spec.memoryMb()), "-smp", Integer.toString(spec.cpus()),
                // No network card: no iPXE option ROM to load, no firmware chatter in the console.
                "-nic", "none",
                // A reboot (init's power-off, or panic=-1 after a crash) ends QEMU instead of booting again.
                "-no-reboot", "-display", "none", "-monitor", "none",
                "-serial", "file:" + console, "-pidfile", pidFile.toString(),
                "-kernel", bzImage.toString(), "-initrd", spec.initramfs().toString(),
                // Under TCG on a loaded host the IO-APIC timer check fails now and then ("IO-APIC + timer
                // doesn't work!", seen here): a boot failure that says nothing about the commit.
                "-append", kvm ? spec.cmdline() : spec.cmdline() + " no_timer_check"));
        return a;
    }

    /** A fresh directory per run; a commit visited again keeps its earlier consoles. */
    private Path runDir(String commit, int index) {
        Path base = spec.consoleDir().resolve(commit);
        try {
            Files.createDirectories(base);
            for (int k = 0; ; k++) {
                Path dir = base.resolve(k == 0 ? "run-" + index : "run-" + index + "." + k);
                try {
                    return Files.createDirectory(dir);
                } catch (FileAlreadyExistsException taken) {
                    // an earlier visit's run with this number: keep it, take the next name
                }
            }
        } catch (IOException e) {
            throw new InfraException("cannot create a run directory under " + base + ": " + e.getMessage(), e);
        }
    }

    private static String readConsole(Path console) {
        try {
            return Files.exists(console) ? new String(Files.readAllBytes(console), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new InfraException("cannot read the console " + console + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops a machine whose console stays quiet for too long. QEMU is started by {@link Processes}, which only
     * knows a whole-run time limit; the machine's pid comes from QEMU's own pid file, and only a process that is
     * that QEMU is killed.
     */
    private static final class Watchdog extends Thread {
        private final Path console;
        private final Path pidFile;
        private final Duration silence;
        private final Duration firstOutput;
        private volatile boolean finished;
        private volatile boolean fired;

        Watchdog(Path console, Path pidFile, Duration silence, Duration firstOutput) {
            super("qemu-watchdog");
            setDaemon(true);
            this.console = console;
            this.pidFile = pidFile;
            this.silence = silence;
            this.firstOutput = firstOutput;
        }

        @Override
        public void run() {
            long size = -1;
            long changed = System.nanoTime();
            while (!finished) {
                long now = System.nanoTime();
                long s = size(console);
                if (s != size) {
                    size = s;
                    changed = now;
                } else if (now - changed > (s <= 0 ? firstOutput : silence).toNanos()) {
                    fired = true;
                    killQemu();
                    return;
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void killQemu() {
            try {
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                ProcessHandle.of(pid)
                        .filter(h -> h.info().command().map(c -> c.contains("qemu")).orElse(false))
                        .ifPresent(Processes::killTree);
            } catch (IOException | NumberFormatException e) {
                // no pid file yet: QEMU never got going, the whole-run limit will end it
            }
        }

        private static long size(Path p) {
            try {
                return Files.size(p);
            } catch (IOException e) {
                return -1;
            }
        }

        void finish() {
            finished = true;
            interrupt();
            try {
                join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        boolean fired() {
            return fired;
        }
    }
}
