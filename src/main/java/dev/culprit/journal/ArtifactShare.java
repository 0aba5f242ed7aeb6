package dev.culprit.journal;

import java.nio.file.Path;
import java.util.List;

/**
 * A place beyond this machine that keeps build artifacts by signature, so that a bisection resumed elsewhere (a
 * worker taking over a dead worker's job) gets a journaled build's binaries instead of building them again. A
 * {@link dev.culprit.store.Store} that reaches a culprit server is one; {@link ArtifactCache} uses it when its
 * store is.
 *
 * <p>Sharing only saves work: an artifact that cannot be offered or fetched is built again, never an error.
 */
public interface ArtifactShare {
    /**
     * Offers the files (paths relative to {@code root}) as the artifacts of {@code signature}. Returns whether
     * the share holds them afterwards (it may have had them already).
     */
    boolean offer(String signature, Path root, List<String> files);

    /**
     * Fetches the artifacts of {@code signature} into the empty directory {@code into} (paths as they were
     * offered). Returns false when the share has none; then {@code into} may hold part of them.
     */
    boolean fetch(String signature, Path into);
}
