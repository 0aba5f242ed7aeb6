package dev.culprit.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Server} runs.
 *
 * @param host         the address to listen on
 * @param port         the port (0: any free one)
 * @param token        the bearer token every write needs
 * @param publicRead   reads need no token
 * @param lease        how long a worker keeps a job without a heartbeat
 * @param maxBody      the largest request body accepted, in bytes
 * @param shape        the options a bisect job spec may hold
 * @param artifacts    where and how much of the workers' build artifacts the server keeps
 */
public record ServerConfig(String host, int port, String token, boolean publicRead, Duration lease, long maxBody,
                           BisectSpecShape shape, Artifacts artifacts) {
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(artifacts, "artifacts");
        if (token.isBlank()) {
            throw new IllegalArgumentException("the token must not be blank");
        }
    }

    /**
     * The artifact store: the server's data directory for build artifacts, the largest one upload may hold (its
     * files' bytes) and the total kept, least recently used out first.
     */
    public record Artifacts(Path dir, long maxBytes, long budgetBytes) {
        public Artifacts {
            Objects.requireNonNull(dir, "dir");
            if (maxBytes < 0 || budgetBytes < 0) {
                throw new IllegalArgumentException("artifact limits must not be negative");
            }
        }
    }
}
