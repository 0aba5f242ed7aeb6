package dev.culprit.build;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of building one commit.
 *
 * @param commit       full hash that was built
 * @param ok           the build command succeeded (exit 0) and every artifact exists
 * @param signature    hex SHA-256 over the artifacts' behaviour-relevant content; empty when no artifacts
 *                     were named or the build failed
 * @param duration     wall time of checkout + build
 * @param errorSummary for a failed build, the lines that explain it (root-cause lines), else ""
 * @param logFile      the full build output, when kept
 */
public record BuildResult(String commit, boolean ok, Optional<String> signature, Duration duration,
                          String errorSummary, Optional<Path> logFile) {
    public BuildResult {
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(errorSummary, "errorSummary");
        Objects.requireNonNull(logFile, "logFile");
    }
}
