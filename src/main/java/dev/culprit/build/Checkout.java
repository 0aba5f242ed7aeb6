package dev.culprit.build;

import java.nio.file.Path;
import java.util.Set;

/** Puts a checkout at a commit and says where it is. The CLI wires it to a git worktree. */
@FunctionalInterface
public interface Checkout {
    Path checkout(String commit);

    /**
     * Checks out {@code base} and puts {@code change} on top, uncommitted.
     *
     * @throws ChangeConflictException when the change does not apply cleanly
     * @throws UnsupportedOperationException when this checkout cannot make such trees
     */
    default Path checkoutWith(String base, Change change) {
        throw new UnsupportedOperationException("this checkout cannot apply a change on top of a commit");
    }

    /**
     * The tracked files whose content in the checkout differs from {@code commit}'s: what checking it out will
     * change. Empty when this checkout cannot tell.
     */
    default Set<String> differingFrom(String commit) {
        return Set.of();
    }

    /** Deletes the build outputs (every untracked and ignored file) so that the next build starts from scratch. */
    default void clean() {
    }
}
