package dev.culprit.build;

/**
 * Checks out and builds one commit. The engine calls it from one thread at a time per instance; what the
 * build leaves behind (a worktree, a kernel image) is what the matching {@code Runner} tests.
 */
public interface Builder {

    /** One line naming the toolchain, for the log's {@code testing commit <hash> with <id>} line. */
    String toolchainId(String commit);

    /**
     * Checks out {@code commit} and builds it. A failing build is a normal result ({@code ok == false});
     * only a failure of the machinery itself (cannot check out, disk full) throws
     * {@link dev.culprit.common.InfraException}.
     */
    BuildResult build(String commit);
}
