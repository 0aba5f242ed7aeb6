package dev.culprit.bisect;

import dev.culprit.build.BuildResult;

import java.util.Optional;
import java.util.Set;

/**
 * Dependency-aware pruning, the engine's side: after a successful build, which commits of the range cannot
 * change the binary (their changes touch no file that reaches it). Such commits are never built, tested or
 * blamed; the search treats each as identical to its parent.
 */
public interface Pruner {

    /**
     * The commits of {@code space}'s range that cannot change the binary, as far as the builds so far show;
     * empty when nothing is known (then nothing may be pruned). Called after every successful build: a later
     * build may show more dependencies, and the answer then shrinks. {@code build} is the build just done, or null
     * when a range begins.
     */
    Optional<Set<String>> irrelevant(SearchSpace space, BuildResult build);

    /** A strategy that can leave such commits out of its search. */
    interface Prunable {
        /**
         * The irrelevant commits of the range begun last ({@link Strategy#begin}), replacing any earlier set.
         * Returns whether the strategy uses them (false: it searches as if nothing was pruned).
         */
        boolean prune(Set<String> irrelevant);
    }
}
