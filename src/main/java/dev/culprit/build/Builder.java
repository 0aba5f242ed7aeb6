package dev.culprit.build;

/**
 * Checks out and builds one commit. The engine calls it from one thread at a time per instance; what the
 * build leaves behind (a worktree, a kernel image) is what the matching {@code Runner} tests.
 */
public interface Builder {

    /** What the log calls this builder's signature: {@code build signature:} or {@code kernel signature:}. */
    default String signatureLabel() {
        return "build";
    }

    /** One line naming the toolchain, for the log's {@code testing commit <hash> with <id>} line. */
    String toolchainId(String commit);

    /**
     * Checks out {@code commit} and builds it. A failing build is a normal result ({@code ok == false});
     * only a failure of the machinery itself (cannot check out, disk full) throws
     * {@link dev.culprit.common.InfraException}.
     */
    BuildResult build(String commit);

    /**
     * Builds {@code base} with {@code change} on top (verification's revert and cherry-pick trees). The result's
     * {@code commit} is {@link Change#treeId}, never {@code base}: runs of the two trees must not be mixed.
     *
     * @throws ChangeConflictException       when the change does not apply cleanly
     * @throws UnsupportedOperationException when this builder cannot make such trees (the engine then says so
     *                                       and skips that check)
     */
    default BuildResult buildWith(String base, Change change) {
        throw new UnsupportedOperationException("this builder cannot build a commit with a change on top");
    }
}
