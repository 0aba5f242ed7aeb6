package dev.culprit.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The artifacts of one build signature kept in the artifact cache.
 *
 * @param signature the build signature they produce
 * @param bytes     their total size
 * @param lastUsed  when they were last stored or restored (least recently used go first)
 */
public record ArtifactEntry(String signature, long bytes, Instant lastUsed) {
    public ArtifactEntry {
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(lastUsed, "lastUsed");
    }
}
