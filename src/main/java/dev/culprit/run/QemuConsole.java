package dev.culprit.run;

import dev.culprit.report.CrashType;
import dev.culprit.report.Report;
import dev.culprit.report.Reports;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one test machine did, from its serial console and how QEMU ended. Kept apart from starting QEMU so that
 * the rules can be tested on recorded consoles.
 */
public final class QemuConsole {
    public static final String NO_OUTPUT = "no output from test machine";
    public static final String LOST_CONNECTION = "lost connection to test machine";

    /**
     * How the QEMU process ended.
     *
     * @param startError non-null when QEMU could not be started at all
     * @param exitCode   its exit status (-1 when killed by us)
     * @param timedOut   the whole-run limit was hit
     * @param silent     the console was quiet for too long and the machine was stopped
     * @param qemuOutput QEMU's own messages (not the guest's console)
     */
    public record Ending(String startError, int exitCode, boolean timedOut, boolean silent, String qemuOutput) {
    }

    /** The title of a kernel that started over during a run. */
    static final String REBOOT = "unexpected kernel reboot";

    private QemuConsole() {
    }

    /**
     * The rules, in order: QEMU never started or died before the guest printed anything = infra error; a crash
     * report = crashed, or boot failed when it came before the ready marker; the done marker = OK; a silent
     * console = {@value #NO_OUTPUT}; the run's time limit = timed out; QEMU gone without either marker =
     * {@value #LOST_CONNECTION} (boot failed before the ready marker).
     */
    public static RunOutcome classify(String console, Ending end, Duration took, Optional<Path> log) {
        if (end.startError() != null) {
            return new RunOutcome.InfraError("cannot start qemu: " + end.startError(), took, log);
        }
        int ready = console.indexOf(Initramfs.READY);
        // The decompressor's "Booting the kernel." banner before the kernel's first line is this machine's own
        // boot; the parser reads it as a reboot, which it is only once the kernel has been running.
        int kernelStarted = console.indexOf("Linux version ");
        List<Report> reports = Reports.parse(console).stream()
                .filter(r -> !(r.title().equals(REBOOT) && (kernelStarted < 0 || r.start() < kernelStarted)))
                .toList();
        if (!reports.isEmpty()) {
            Report r = reports.get(0);
            return ready < 0 || r.start() < ready ? new RunOutcome.BootFailed(r, took, log)
                    : new RunOutcome.Crashed(r, took, log);
        }
        if (ready >= 0 && console.indexOf(Initramfs.DONE, ready) >= 0) {
            return new RunOutcome.Ok(took, log);
        }
        if (end.silent()) {
            return lost(NO_OUTPUT, CrashType.NO_OUTPUT, ready >= 0, took, log);
        }
        if (end.timedOut()) {
            return new RunOutcome.TimedOut(took, log);
        }
        if (console.isBlank() && end.exitCode() != 0) {
            String why = end.qemuOutput().strip().lines().findFirst().orElse("exit status " + end.exitCode());
            return new RunOutcome.InfraError("qemu failed: " + why, took, log);
        }
        return lost(LOST_CONNECTION, CrashType.LOST_CONNECTION, ready >= 0, took, log);
    }

    private static RunOutcome lost(String title, CrashType type, boolean ready, Duration took, Optional<Path> log) {
        Report r = Report.synthetic(title, type);
        return ready ? new RunOutcome.Crashed(r, took, log) : new RunOutcome.BootFailed(r, took, log);
    }
}
