package dev.culprit.run;

import dev.culprit.build.BuildResult;
import dev.culprit.common.BadInputException;
import dev.culprit.common.InfraException;
import dev.culprit.common.ProcessResult;
import dev.culprit.common.ProcessSpec;
import dev.culprit.common.Processes;
import dev.culprit.report.Report;
import dev.culprit.report.Reports;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the user's test command ({@code sh -c CMD}) in the checkout and classifies what it did, as
 * {@code git bisect run} would, but reading crash reports: a report or a signal = crashed, 0 = OK, 125 = cannot
 * test, a time-out its own outcome, any other status = crashed, titled by what the language runtime printed (an
 * uncaught exception, a panic) or else {@code exit status N}.
 */
public final class ProcessRunner implements Runner {
    private final String command;
    private final Path worktree;
    private final Duration timeout;
    private final Path consoleDir;
    private final Processes processes;
    private final AtomicBoolean firstRunDone = new AtomicBoolean();

    public ProcessRunner(String command, Path worktree, Duration timeout, Path consoleDir, Processes processes) {
        this.command = command;
        this.worktree = worktree;
        this.timeout = timeout;
        this.consoleDir = consoleDir;
        this.processes = processes;
    }

    @Override
    public RunOutcome run(BuildResult build, int index) {
        Path console = consoleDir.resolve(build.commit()).resolve("run-" + index + ".log");
        ProcessResult r = processes.run(new ProcessSpec(List.of("sh", "-c", command), worktree,
                Map.of("CULPRIT_COMMIT", build.commit(), "CULPRIT_WORKTREE", worktree.toString(),
                        "CULPRIT_RUN", Integer.toString(index)), timeout, true, Optional.of(console),
                ProcessSpec.DEFAULT_MAX_CAPTURE));
        boolean first = firstRunDone.compareAndSet(false, true);
        if (!r.started()) {
            throw new InfraException("cannot run the test: " + r.startError());
        }
        Optional<Path> log = Optional.of(console);
        if (r.timedOut()) {
            return new RunOutcome.TimedOut(r.duration(), log);
        }
        if (first && (r.exitCode() == 126 || r.exitCode() == 127)) {
            throw new BadInputException("the test command '" + command + "' cannot be run (exit status "
                    + r.exitCode() + ": " + (r.exitCode() == 127 ? "not found" : "not executable")
                    + "): check --test");
        }
        List<Report> reports = Reports.parseProgramOutput(r.stdout());
        if (!reports.isEmpty()) {
            return new RunOutcome.Crashed(reports.get(0), r.duration(), log);
        }
        int exit = r.exitCode();
        if (exit == 0) {
            return new RunOutcome.Ok(r.duration(), log);
        }
        if (exit == 125) {
            return new RunOutcome.InfraError("the test exited with status 125", r.duration(), log);
        }
        if (exit > 128 && exit < 128 + 65) {
            return new RunOutcome.Crashed(Reports.signal(exit - 128, r.stdout()), r.duration(), log);
        }
        return new RunOutcome.Crashed(Reports.exited(exit, r.stdout()), r.duration(), log);
    }
}
