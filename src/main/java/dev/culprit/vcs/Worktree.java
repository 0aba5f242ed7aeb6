package dev.culprit.vcs;

import dev.culprit.common.InfraException;
import dev.culprit.common.ProcessResult;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A {@code git worktree} of the user's repository that culprit checks commits out into, so that the user's own
 * working tree, HEAD, index, stash and branches are never touched.
 *
 * <p>One process at a time: {@link #acquire} takes an exclusive lock on {@code DIR.lock} ({@link FileChannel#tryLock},
 * released by {@link #close} or when the process dies) and fails at once when another process holds it, so the
 * caller can pick another directory. The worktree stays on disk after {@link #close} and is reused by the next
 * acquire of the same directory: its untracked build outputs make the next build incremental. {@link #remove}
 * deletes it.
 *
 * <p>Not thread-safe: one bisection drives one worktree.
 */
public final class Worktree implements AutoCloseable {
    private final Git repo;
    private final Path dir;
    private final Path worktreeGitDir;
    private final FileChannel lockChannel;
    private FileLock lock;
    private boolean removed;

    private Worktree(Git repo, Path dir, Path worktreeGitDir, FileChannel lockChannel, FileLock lock) {
        this.repo = repo;
        this.dir = dir;
        this.worktreeGitDir = worktreeGitDir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir} for this process and makes sure it is a worktree of {@code repo}: reuses it when it
     * already is one, otherwise creates it (detached, nothing checked out yet) after pruning stale worktree
     * records.
     *
     * @throws InfraException when another process holds the directory, when it exists but is something else,
     *                        or when git fails
     */
    public static Worktree acquire(Git repo, Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        Path lockFile = abs.resolveSibling(abs.getFileName() + ".lock");
        FileChannel channel = null;
        FileLock lock;
        try {
            Files.createDirectories(abs.getParent());
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
        } catch (IOException e) {
            closeQuietly(channel);
            throw new InfraException("cannot lock worktree " + abs + " (" + lockFile + "): " + e.getMessage(), e);
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new InfraException("worktree " + abs + " is in use by another culprit process (" + lockFile
                    + " is locked): use another work directory");
        }
        try {
            Path gitDir = prepare(repo, abs);
            return new Worktree(repo, abs, gitDir, channel, lock);
        } catch (RuntimeException e) {
            releaseQuietly(lock);
            closeQuietly(channel);
            throw e;
        }
    }

    /** Under the lock: reuse or create the worktree; returns its private git directory. */
    private static Path prepare(Git repo, Path dir) {
        // Records of worktrees whose directories are gone would make "worktree add" refuse the path.
        repo.runOk(repo.root(), Git.SHORT, List.of("worktree", "prune"));
        if (isWorktreeOf(repo, dir)) {
            return worktreeGitDir(repo, dir);
        }
        if (Files.exists(dir) && !isEmptyDirectory(dir)) {
            throw new InfraException(dir + " exists but is not a worktree of " + repo.root()
                    + ": remove it or use another work directory");
        }
        // --no-checkout: the first checkout() fills it; checking HEAD out first would only double the work.
        ProcessResult r = repo.run(repo.root(), Git.LONG, List.of("worktree", "add", "--detach", "--force",
                "--no-checkout", dir.toString(), repo.head()));
        if (!r.ok()) {
            throw new InfraException("cannot create worktree " + dir + " of " + repo.root() + ": "
                    + r.failureSummary());
        }
        return worktreeGitDir(repo, dir);
    }

    private static boolean isWorktreeOf(Git repo, Path dir) {
        String list = repo.runOk(repo.root(), Git.SHORT, List.of("worktree", "list", "--porcelain"));
        Path real = realPath(dir);
        for (String line : list.split("\n")) {
            if (line.startsWith("worktree ")) {
                Path listed = Path.of(line.substring("worktree ".length()));
                if (realPath(listed).equals(real) && Files.isDirectory(dir)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The worktree's private git directory, read from its {@code .git} file ("gitdir: PATH") rather than asked
     * of git, whose answer an inherited GIT_DIR would bend.
     */
    private static Path worktreeGitDir(Git repo, Path dir) {
        Path dotGit = dir.resolve(".git");
        try {
            String text = Files.readString(dotGit).strip();
            if (!text.startsWith("gitdir:")) {
                throw new InfraException(dotGit + " is not a worktree link (no 'gitdir:' line)");
            }
            Path gitDir = dir.resolve(text.substring("gitdir:".length()).strip()).normalize();
            if (!Files.isDirectory(gitDir)) {
                throw new InfraException("worktree " + dir + " points to " + gitDir + ", which does not exist");
            }
            return gitDir;
        } catch (IOException e) {
            throw new InfraException("cannot read " + dotGit + " of worktree " + dir + " of " + repo.root() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Runs git on the worktree. GIT_DIR, GIT_WORK_TREE and GIT_INDEX_FILE are set explicitly: inherited from a
     * hook or alias they would otherwise send a checkout to the user's own index and HEAD.
     */
    private ProcessResult git(Duration timeout, List<String> args) {
        return repo.run(dir, timeout, args, Map.of(
                "GIT_DIR", worktreeGitDir.toString(),
                "GIT_WORK_TREE", dir.toString(),
                "GIT_INDEX_FILE", worktreeGitDir.resolve("index").toString()));
    }

    private String gitOk(Duration timeout, List<String> args) {
        ProcessResult r = git(timeout, args);
        if (!r.ok()) {
            throw new InfraException("git " + String.join(" ", args) + " failed in worktree " + dir + ": "
                    + r.failureSummary());
        }
        return r.stdout();
    }

    /** The worktree's directory: builds and tests run here. */
    public Path dir() {
        return dir;
    }

    /**
     * Checks {@code commit} out (detached, forced: local changes to tracked files are discarded), keeping
     * untracked files such as build outputs so that builds stay incremental. Returns {@link #dir()}.
     */
    public Path checkout(String commit) {
        checkUsable();
        Git.checkRevision(commit);
        // We hold the worktree's lock, so an index.lock left here can only be from a process that died.
        try {
            Files.deleteIfExists(worktreeGitDir.resolve("index.lock"));
        } catch (IOException e) {
            throw new InfraException("cannot remove stale " + worktreeGitDir.resolve("index.lock") + ": "
                    + e.getMessage(), e);
        }
        ProcessResult r = git(Git.LONG, List.of("checkout", "--force", "--detach", "--quiet", commit, "--"));
        if (!r.ok()) {
            throw new InfraException("cannot check out " + commit + " in worktree " + dir + ": "
                    + r.failureSummary());
        }
        return dir;
    }

    /**
     * Puts a commit's change on top of what is checked out, uncommitted: its revert ({@code revert}) or the
     * change itself ({@code cherryPick}). {@code mainline} names the parent a merge is taken against (0 for a
     * plain commit). Returns false, with the checkout put back as it was, when the change does not apply
     * cleanly.
     */
    public boolean applyUncommitted(boolean revert, String commit, int mainline) {
        checkUsable();
        Git.checkRevision(commit);
        List<String> args = new java.util.ArrayList<>(List.of(revert ? "revert" : "cherry-pick", "--no-commit"));
        if (mainline > 0) {
            args.addAll(List.of("-m", Integer.toString(mainline)));
        }
        args.add(commit);
        ProcessResult r = git(Git.LONG, args);
        if (r.ok()) {
            return true;
        }
        // Forget the half-done operation and restore the tracked files; untracked build outputs stay.
        git(Git.SHORT, List.of(revert ? "revert" : "cherry-pick", "--quit"));
        gitOk(Git.LONG, List.of("reset", "--hard", "--quiet"));
        return false;
    }

    /**
     * The files whose content here (committed or not; missing counts) differs from what {@code commit} tracks: what
     * checking it out will change.
     */
    public java.util.Set<String> differingFrom(String commit) {
        checkUsable();
        Git.checkRevision(commit);
        return Git.pathList(gitOk(Git.LONG, List.of("diff", "--no-renames", "--name-only", "-z", commit, "--")));
    }

    /** The commit checked out now. */
    public String head() {
        checkUsable();
        return gitOk(Git.SHORT, List.of("rev-parse", "--verify", "HEAD^{commit}")).strip();
    }

    /** Deletes untracked and ignored files (build outputs included) and nested repositories: a clean build. */
    public void clean() {
        checkUsable();
        gitOk(Git.LONG, List.of("clean", "-ffdxq"));
    }

    /** Deletes the worktree (files and git's record of it) and releases the lock. */
    public void remove() {
        checkUsable();
        try {
            ProcessResult r = repo.run(repo.root(), Git.LONG, List.of("worktree", "remove", "--force", "--force",
                    dir.toString()));
            if (!r.ok()) {
                throw new InfraException("cannot remove worktree " + dir + ": " + r.failureSummary());
            }
            removed = true;
        } finally {
            close();
        }
    }

    /**
     * Releases the lock and keeps the worktree for the next run. The lock file itself stays: deleting it
     * would let two processes lock two different files of the same name.
     */
    @Override
    public void close() {
        if (lock != null) {
            releaseQuietly(lock);
            lock = null;
            closeQuietly(lockChannel);
        }
    }

    private void checkUsable() {
        if (removed) {
            throw new IllegalStateException("worktree " + dir + " was removed");
        }
        if (lock == null) {
            throw new IllegalStateException("worktree " + dir + " was closed");
        }
    }

    private static boolean isEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    private static void releaseQuietly(FileLock lock) {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it as well
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    @Override
    public String toString() {
        return "Worktree[" + dir + "]";
    }
}
