package dev.culprit.journal;

import dev.culprit.common.FileTrees;
import dev.culprit.common.InfraException;
import dev.culprit.store.ArtifactEntry;
import dev.culprit.store.Store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Build artifacts (binaries, kernel images) kept per build signature under a byte budget, least recently used
 * evicted first. The files live in {@code dir/<signature>/<artifact path>}; the index (sizes, last use) is in the
 * store so that processes sharing a work directory share one LRU order.
 *
 * <p>It lets a journaled build be put back in the worktree without building again: a resumed bisection that
 * still needs runs of a finished build, or a commit the engine comes back to.
 *
 * <p>When the store is also an {@link ArtifactShare} (the journal of a culprit server), every build put here is
 * offered to it too, and an entry missing here is fetched from it: a worker resuming a job that another machine
 * started gets that machine's binaries instead of building them again.
 */
public final class ArtifactCache {
    private static final Pattern SIGNATURE = Pattern.compile("[0-9a-fA-F]{8,128}");

    private final Store store;
    private final Path dir;
    private final long budgetBytes;
    private final Optional<ArtifactShare> share;

    /**
     * A cache that shares with the store when the store is an {@link ArtifactShare}.
     *
     * @param budgetBytes the most the cached files may take; 0 keeps nothing
     */
    public ArtifactCache(Store store, Path dir, long budgetBytes) {
        this(store, dir, budgetBytes, store instanceof ArtifactShare s ? Optional.of(s) : Optional.empty());
    }

    /** @param share where builds are offered and missing entries fetched from; empty: this machine only */
    public ArtifactCache(Store store, Path dir, long budgetBytes, Optional<ArtifactShare> share) {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("cache budget must not be negative");
        }
        this.store = store;
        this.dir = dir.toAbsolutePath().normalize();
        this.budgetBytes = budgetBytes;
        this.share = share;
    }

    /**
     * A {@code --cache-size} value: bytes, or a number with K, M, G or T (powers of 1024, optional trailing B);
     * "0" keeps nothing.
     */
    public static long parseSize(String text) {
        String t = text.strip().toUpperCase(java.util.Locale.ROOT);
        if (t.endsWith("B") && t.length() > 1 && !Character.isDigit(t.charAt(t.length() - 2))) {
            t = t.substring(0, t.length() - 1);
        }
        int shift = 0;
        if (!t.isEmpty() && "KMGT".indexOf(t.charAt(t.length() - 1)) >= 0) {
            shift = 10 * ("KMGT".indexOf(t.charAt(t.length() - 1)) + 1);
            t = t.substring(0, t.length() - 1);
        }
        try {
            double v = Double.parseDouble(t);
            if (v < 0 || Double.isNaN(v) || v * Math.pow(2, shift) > Long.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (long) (v * Math.pow(2, shift));
        } catch (NumberFormatException e) {
            throw new dev.culprit.common.BadInputException("--cache-size '" + text
                    + "' is not a size: use e.g. 500M, 20G or 0");
        }
    }

    public Path dir() {
        return dir;
    }

    /**
     * Copies the artifacts (paths relative to {@code root}) into the cache under {@code signature}, then evicts
     * down to the budget. Returns whether they are cached (not when larger than the whole budget). They are
     * offered to the share first, whatever this machine's budget: another machine may need them.
     */
    public boolean put(String signature, Path root, List<String> artifacts) {
        if (!usable(signature, artifacts)) {
            return false;
        }
        share.ifPresent(s -> s.offer(signature, root, artifacts));
        Path target = dir.resolve(signature);
        long bytes;
        try {
            bytes = 0;
            for (String a : artifacts) {
                bytes += Files.size(root.resolve(a));
            }
            if (bytes > budgetBytes) {
                return false;
            }
            if (!Files.isDirectory(target)) {
                Files.createDirectories(dir);
                // Copy into a private directory and rename: a reader never sees half an entry.
                Path tmp = Files.createTempDirectory(dir, ".put-");
                try {
                    for (String a : artifacts) {
                        Path to = tmp.resolve(a);
                        Files.createDirectories(to.getParent());
                        Files.copy(root.resolve(a), to, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                    try {
                        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                    } catch (IOException e) {
                        // Another process or lane cached the same signature first: its copy is as good as ours.
                        // (Linux reports that rename as ENOTEMPTY, which Java gives as a plain FileSystemException.)
                        if (!Files.isDirectory(target)) {
                            throw e;
                        }
                        FileTrees.delete(tmp);
                    }
                } finally {
                    if (Files.exists(tmp)) {
                        FileTrees.delete(tmp);
                    }
                }
            }
        } catch (IOException e) {
            throw new InfraException("cannot cache the artifacts of " + signature + " in " + dir + ": "
                    + e.getMessage(), e);
        }
        store.putArtifact(signature, bytes);
        evict(signature);
        return true;
    }

    /**
     * Copies the cached artifacts of {@code signature} to {@code root}; when this machine has none, fetches them
     * from the share (and keeps them, budget permitting). False when neither has them: the caller must build.
     */
    public boolean restore(String signature, Path root, List<String> artifacts) {
        if (!usable(signature, artifacts)) {
            return false;
        }
        if (store.useArtifact(signature).isPresent()) {
            Path source = dir.resolve(signature);
            if (complete(source, artifacts)) {
                try {
                    copyOut(source, root, artifacts);
                    return true;
                } catch (IOException e) {
                    // Evicted by another process while we copied, or a damaged entry: the share or a build.
                }
            } else {
                store.removeArtifact(signature);
            }
        }
        return share.isPresent() && fetch(signature, root, artifacts);
    }

    /** Fetches the entry from the share into a private directory, restores from it, then keeps it if it fits. */
    private boolean fetch(String signature, Path root, List<String> artifacts) {
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempDirectory(dir, ".fetch-");
            if (!share.get().fetch(signature, tmp) || !complete(tmp, artifacts)) {
                return false;
            }
            copyOut(tmp, root, artifacts);
            long bytes = 0;
            for (String a : artifacts) {
                bytes += Files.size(tmp.resolve(a));
            }
            if (bytes <= budgetBytes) {
                Path target = dir.resolve(signature);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    if (!Files.isDirectory(target)) {
                        throw e;
                    }
                    // Another lane or process put the same signature first: as good as ours.
                }
                store.putArtifact(signature, bytes);
                evict(signature);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            // A fetch cut short, a full disk, a server that went away: building again is always right.
            return false;
        } finally {
            if (tmp != null) {
                try {
                    FileTrees.delete(tmp);
                } catch (IOException e) {
                    // a leftover private directory; the next put or fetch makes its own
                }
            }
        }
    }

    private static boolean complete(Path entry, List<String> artifacts) {
        return artifacts.stream().allMatch(a -> Files.isRegularFile(entry.resolve(a)));
    }

    private static void copyOut(Path source, Path root, List<String> artifacts) throws IOException {
        for (String a : artifacts) {
            Path to = root.resolve(a);
            Files.createDirectories(to.getParent());
            // Through a temporary file and a rename: a test must never run half a binary.
            Path tmp = Files.createTempFile(to.getParent(), "." + to.getFileName(), ".tmp");
            try {
                Files.copy(source.resolve(a), tmp, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
                Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Bytes the index says are cached. */
    public long size() {
        return store.artifacts().stream().mapToLong(ArtifactEntry::bytes).sum();
    }

    /** Drops least recently used entries (never {@code keep}) until the cache fits its budget. */
    private void evict(String keep) {
        List<ArtifactEntry> entries = store.artifacts();
        long total = entries.stream().mapToLong(ArtifactEntry::bytes).sum();
        for (ArtifactEntry e : entries) {
            if (total <= budgetBytes) {
                return;
            }
            if (e.signature().equals(keep)) {
                continue;
            }
            // Index first: a process that finds the index entry gone builds instead of reading a dying entry.
            store.removeArtifact(e.signature());
            try {
                FileTrees.delete(dir.resolve(e.signature()));
            } catch (IOException ex) {
                throw new InfraException("cannot evict " + dir.resolve(e.signature()) + " from the artifact cache: "
                        + ex.getMessage(), ex);
            }
            total -= e.bytes();
        }
    }

    private static boolean usable(String signature, List<String> artifacts) {
        if (!SIGNATURE.matcher(signature).matches() || artifacts.isEmpty()) {
            return false;
        }
        // Artifact paths come from the user; none may leave the worktree or the cache entry.
        for (String a : artifacts) {
            Path p = Path.of(a).normalize();
            if (p.isAbsolute() || p.startsWith("..") || p.toString().isEmpty()) {
                return false;
            }
        }
        return true;
    }
}
