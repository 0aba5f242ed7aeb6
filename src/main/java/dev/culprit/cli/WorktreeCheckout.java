package dev.culprit.cli;

import dev.culprit.build.Change;
import dev.culprit.build.ChangeConflictException;
import dev.culprit.build.Checkout;
import dev.culprit.vcs.Worktree;

import java.nio.file.Path;
import java.util.Set;

/** Builds happen in a git worktree of their own: the user's checkout is never touched. */
final class WorktreeCheckout implements Checkout {
    private final Worktree worktree;

    WorktreeCheckout(Worktree worktree) {
        this.worktree = worktree;
    }

    @Override
    public Path checkout(String commit) {
        return worktree.checkout(commit);
    }

    @Override
    public Set<String> differingFrom(String commit) {
        return worktree.differingFrom(commit);
    }

    @Override
    public void clean() {
        worktree.clean();
    }

    @Override
    public Path checkoutWith(String base, Change change) {
        Path dir = worktree.checkout(base);
        if (!worktree.applyUncommitted(change.kind() == Change.Kind.REVERT, change.commit(), change.mainline())) {
            throw new ChangeConflictException(change.describe() + " conflicts with " + base);
        }
        return dir;
    }
}
