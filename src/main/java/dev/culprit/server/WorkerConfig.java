package dev.culprit.server;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Worker} runs.
 *
 * @param server    the server's URL
 * @param tokenFile the file holding the server's token
 * @param name      the worker's name in the job list (host and pid by default)
 * @param slots     jobs at once
 * @param work      the work directory (worktrees, logs, artifact cache)
 * @param poll      how long to wait before asking again when no job waits
 * @param embedded  the server's own worker (stands back while other workers are attached)
 */
public record WorkerConfig(URI server, Path tokenFile, String name, int slots, Path work, Duration poll,
                           boolean embedded) {
    public WorkerConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(tokenFile, "tokenFile");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(poll, "poll");
        if (slots < 1) {
            throw new IllegalArgumentException("a worker needs at least one slot");
        }
    }
}
