package dev.culprit.common;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One external command: an argument list (never a shell string built from data), where it runs,
 * what is added to its environment, how long it may take and where its output goes.
 *
 * @param argv        program and arguments
 * @param dir         working directory
 * @param extraEnv    variables added to (or replacing in) the inherited environment, from which the variables
 *                    that locate a git repository (GIT_DIR and the like) are always removed
 * @param timeout     after this the whole process tree is killed
 * @param mergeStderr true: stderr is interleaved into the captured output (console-like);
 *                    false: stdout and stderr are captured apart (plumbing commands)
 * @param logFile     when present, the combined output is also written there as it arrives
 * @param maxCapture  at most this many bytes of each stream are kept in memory (the tail is kept)
 */
public record ProcessSpec(List<String> argv, Path dir, Map<String, String> extraEnv, Duration timeout,
                          boolean mergeStderr, Optional<Path> logFile, int maxCapture) {

    public static final int DEFAULT_MAX_CAPTURE = 16 << 20;

    public ProcessSpec {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        Objects.requireNonNull(dir, "dir");
        extraEnv = Map.copyOf(extraEnv);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(logFile, "logFile");
        if (maxCapture <= 0) {
            throw new IllegalArgumentException("maxCapture must be positive");
        }
    }

    /** A plumbing command: separate stdout/stderr, no log file. */
    public static ProcessSpec of(Path dir, Duration timeout, List<String> argv) {
        return new ProcessSpec(argv, dir, Map.of(), timeout, false, Optional.empty(), DEFAULT_MAX_CAPTURE);
    }

    public ProcessSpec withEnv(Map<String, String> env) {
        return new ProcessSpec(argv, dir, env, timeout, mergeStderr, logFile, maxCapture);
    }

    public ProcessSpec mergingStderr() {
        return new ProcessSpec(argv, dir, extraEnv, timeout, true, logFile, maxCapture);
    }

    public ProcessSpec loggingTo(Path file) {
        return new ProcessSpec(argv, dir, extraEnv, timeout, mergeStderr, Optional.of(file), maxCapture);
    }
}
