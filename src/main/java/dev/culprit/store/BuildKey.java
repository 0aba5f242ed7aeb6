package dev.culprit.store;

import java.util.Objects;

/**
 * What makes two builds the same build, across bisections: the same sources, configured, compiled and built the
 * same way give the same binary.
 *
 * @param repository   the repository (its absolute path, or a URL for a fleet)
 * @param commit       full commit hash
 * @param configHash   hash of the build configuration (a kernel .config, the artifact list), "" when none
 * @param compiler     the toolchain id line
 * @param buildCommand the build command exactly as given
 */
public record BuildKey(String repository, String commit, String configHash, String compiler, String buildCommand) {
    public BuildKey {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(configHash, "configHash");
        Objects.requireNonNull(compiler, "compiler");
        Objects.requireNonNull(buildCommand, "buildCommand");
    }
}
