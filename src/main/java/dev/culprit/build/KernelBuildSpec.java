package dev.culprit.build;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How kernels are built.
 *
 * @param repo      the kernel repository (read with {@code git show} for the version of a commit not checked out)
 * @param config    the kernel config every commit is built with
 * @param jobs      make -j
 * @param compilers which compiler builds which release
 * @param ccache    prefix the compiler with ccache
 * @param ccacheDir CCACHE_DIR; empty: ccache's own default
 * @param timeout   time limit of one build
 * @param logDir    where each build's full output goes ({@code <commit>.log})
 * @param images    where built images are kept by signature
 */
public record KernelBuildSpec(Path repo, Path config, int jobs, CompilerTable compilers, boolean ccache,
                              Optional<Path> ccacheDir, Duration timeout, Path logDir, KernelImages images) {
    public KernelBuildSpec {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(config, "config");
        if (jobs <= 0) {
            throw new IllegalArgumentException("jobs must be positive");
        }
        Objects.requireNonNull(compilers, "compilers");
        Objects.requireNonNull(ccacheDir, "ccacheDir");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(logDir, "logDir");
        Objects.requireNonNull(images, "images");
    }
}
