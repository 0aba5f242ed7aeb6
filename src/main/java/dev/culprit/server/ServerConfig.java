package dev.culprit.server;

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
 */
public record ServerConfig(String host, int port, String token, boolean publicRead, Duration lease, long maxBody,
                           BisectSpecShape shape) {
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(shape, "shape");
        if (token.isBlank()) {
            throw new IllegalArgumentException("the token must not be blank");
        }
    }
}
