package dev.culprit.build;

import java.nio.file.Path;

/** Puts a checkout at a commit and says where it is. The CLI wires it to a git worktree. */
@FunctionalInterface
public interface Checkout {
    Path checkout(String commit);
}
