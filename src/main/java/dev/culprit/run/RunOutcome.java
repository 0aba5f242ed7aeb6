package dev.culprit.run;

import dev.culprit.report.Report;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What one run of the test did. */
public sealed interface RunOutcome {

    Duration duration();

    /** Where the run's whole output (console) is kept, when it is. */
    Optional<Path> console();

    /** Short text for the log: {@code OK}, {@code crashed: <title>}, {@code timed out}, ... */
    String describe();

    /** Exit 0 and no crash report. */
    record Ok(Duration duration, Optional<Path> console) implements RunOutcome {
        public String describe() {
            return "OK";
        }
    }

    /** The output held a crash report, or the process died on a signal or with an unexpected status. */
    record Crashed(Report report, Duration duration, Optional<Path> console) implements RunOutcome {
        public Crashed {
            Objects.requireNonNull(report, "report");
        }

        public String title() {
            return report.title();
        }

        public String describe() {
            return "crashed: " + report.title();
        }
    }

    /** The system under test crashed or hung before the test could start (kernel boot). */
    record BootFailed(Report report, Duration duration, Optional<Path> console) implements RunOutcome {
        public String describe() {
            return "boot failed: " + report.title();
        }
    }

    /** The test could not be run (exit 125, VM would not start): says nothing about the commit. */
    record InfraError(String reason, Duration duration, Optional<Path> console) implements RunOutcome {
        public String describe() {
            return "infra error: " + reason;
        }
    }

    /** The run hit its time limit. Its title is {@code timed out}. */
    record TimedOut(Duration duration, Optional<Path> console) implements RunOutcome {
        public static final String TITLE = "timed out";

        public String describe() {
            return TITLE;
        }
    }
}
