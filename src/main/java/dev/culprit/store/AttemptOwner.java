package dev.culprit.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The process that runs an attempt of a bisection: with it, {@code culprit list} tells a bisection that is still
 * running from one whose process was killed.
 *
 * @param pid     the process id
 * @param host    the host name of the machine the process runs on (a pid means nothing elsewhere)
 * @param started when the process started, as the operating system says (tells a reused pid from the owner);
 *                {@link Instant#EPOCH} when unknown
 */
public record AttemptOwner(long pid, String host, Instant started) {
    public AttemptOwner {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(started, "started");
    }
}
