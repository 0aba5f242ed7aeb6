package dev.culprit.common;

import java.time.Duration;

/**
 * What an external command did.
 *
 * @param exitCode    the exit status; for a process killed by signal N, 128 + N as a shell reports it;
 *                    -1 when it timed out or never started
 * @param timedOut    true when the time limit was hit and the process tree was killed
 * @param startError  non-null when the program could not be started at all (missing, not executable)
 * @param stdout      captured standard output (or the interleaved output when stderr was merged)
 * @param stderr      captured standard error ("" when merged)
 * @param truncated   true when more output came than was kept in memory (the head was dropped)
 * @param duration    wall time from start to exit or kill
 */
public record ProcessResult(int exitCode, boolean timedOut, String startError, String stdout, String stderr,
                            boolean truncated, Duration duration) {

    public boolean ok() {
        return startError == null && !timedOut && exitCode == 0;
    }

    public boolean started() {
        return startError == null;
    }

    /** One line describing a failure, for error messages. */
    public String failureSummary() {
        if (startError != null) {
            return startError;
        }
        if (timedOut) {
            return "timed out after " + duration.toSeconds() + "s";
        }
        String err = stderr.isBlank() ? stdout : stderr;
        String firstLine = err.strip().lines().findFirst().orElse("");
        return "exit status " + exitCode + (firstLine.isEmpty() ? "" : ": " + firstLine);
    }
}
