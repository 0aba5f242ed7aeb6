package dev.culprit.build;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A {@link Builder} that tells a {@link DependencySet.Tracker} after every successful build what the artifact
 * depends on, while the build tree still holds that build (read in the background; the next build waits). Put it under any journaling or caching builder: a
 * build taken from a journal leaves nothing in the tree to read.
 */
public final class DependencySetBuilder implements Builder {
    private final Builder delegate;
    private final Path checkout;
    private final Path buildTree;
    private final DependencySet.Tracker tracker;

    /**
     * @param checkout  where the delegate checks commits out (the sources)
     * @param buildTree where its build writes objects and dependency files (often {@code checkout})
     */
    public DependencySetBuilder(Builder delegate, Path checkout, Path buildTree, DependencySet.Tracker tracker) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.checkout = Objects.requireNonNull(checkout, "checkout");
        this.buildTree = Objects.requireNonNull(buildTree, "buildTree");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
    }

    @Override
    public String toolchainId(String commit) {
        return delegate.toolchainId(commit);
    }

    @Override
    public String signatureLabel() {
        return delegate.signatureLabel();
    }

    /**
     * Builds, then reads the dependency files in the background while the caller goes on (to the runs); the next
     * build in this tree waits for that reading first.
     */
    @Override
    public BuildResult build(String commit) {
        tracker.awaitCollected();
        BuildResult r = delegate.build(commit);
        if (r.ok()) {
            tracker.builtInBackground(checkout, buildTree);
        }
        return r;
    }

    @Override
    public BuildResult buildWith(String base, Change change) {
        tracker.awaitCollected(); // the tree is about to change
        return delegate.buildWith(base, change); // a verification tree is no commit of the range
    }
}
