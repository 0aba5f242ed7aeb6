package dev.culprit.journal;

import dev.culprit.build.BuildResult;
import dev.culprit.build.Builder;
import dev.culprit.build.Change;
import dev.culprit.build.Checkout;
import dev.culprit.common.FileTrees;
import dev.culprit.common.InfraException;
import dev.culprit.store.BuildKey;
import dev.culprit.store.BuildRecord;
import dev.culprit.store.Store;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Builder} that journals every build and never builds what the journal already holds: a build of this
 * bisection (a resume, or a commit visited again) or, unless starting fresh, a successful build with the same
 * key in another bisection. Every build is committed to the store before it is returned.
 *
 * <p>A build taken from the journal is not in the worktree. Only when a run of it must really be done
 * ({@link #materialize}) is it put there: its artifacts restored from the {@link ArtifactCache} after a
 * checkout, or, when they are not cached, built again (not journaled again: the journal keeps what the engine
 * acted on). Verification trees ({@link #buildWith}) are journaled and reused the same way, under their tree id.
 */
public final class JournalingBuilder implements Builder {
    private final Store store;
    private final long bisectionId;
    private final JournalSpec spec;
    private final boolean reuseOtherBisections;
    private final Builder delegate;
    private final Checkout checkout;
    private final Path worktree;
    private final List<String> artifacts;
    private final Optional<ArtifactCache> cache;
    /** Present when the runs read artifacts kept by signature (kernel images) instead of the worktree. */
    private final Optional<ArtifactsBySignature> bySignature;
    private final JournalStats stats;
    /** Where a warning goes (the bisection's log): a build that could not be cached is still a good build. */
    private final java.util.function.Consumer<String> warn;
    /** Read by the runs without the lock, which a build ahead may hold for the whole of a build. */
    private final Map<String, BuildRecord> records = new java.util.concurrent.ConcurrentHashMap<>();
    /** The verification trees asked for, by tree id: how to put one back in the worktree. */
    private final Map<String, Tree> trees = new HashMap<>();

    private record Tree(String base, Change change) {
    }

    /** The commit whose build the worktree holds, as far as this process knows (null: unknown). */
    private String materialized;

    JournalingBuilder(Store store, long bisectionId, JournalSpec spec, boolean reuseOtherBisections, Builder delegate,
                      Checkout checkout, Path worktree, List<String> artifacts, Optional<ArtifactCache> cache,
                      Optional<ArtifactsBySignature> bySignature, JournalStats stats,
                      java.util.function.Consumer<String> warn) {
        this.store = store;
        this.bisectionId = bisectionId;
        this.spec = spec;
        this.reuseOtherBisections = reuseOtherBisections;
        this.delegate = delegate;
        this.checkout = checkout;
        this.worktree = worktree;
        this.artifacts = List.copyOf(artifacts);
        this.bySignature = bySignature;
        this.warn = warn;
        this.cache = cache;
        this.stats = stats;
    }

    @Override
    public String toolchainId(String commit) {
        return delegate.toolchainId(commit);
    }

    @Override
    public String signatureLabel() {
        return delegate.signatureLabel();
    }

    @Override
    public synchronized BuildResult build(String commit) {
        Optional<BuildRecord> mine = store.build(bisectionId, commit);
        if (mine.isPresent()) {
            stats.buildFromJournal();
            records.put(commit, mine.get());
            return Outcomes.toResult(mine.get());
        }
        BuildKey key = key(commit);
        if (reuseOtherBisections) {
            Optional<BuildRecord> other = store.reusableBuild(key);
            if (other.isPresent()) {
                BuildResult r = Outcomes.toResult(other.get());
                BuildRecord copy = store.recordBuild(Outcomes.toRecord(bisectionId, key, r,
                        Optional.of(other.get().id())));
                stats.buildFromOtherBisection();
                records.put(commit, copy);
                return Outcomes.toResult(copy);
            }
        }
        materialized = null; // the build changes the worktree, whatever it ends with
        BuildResult r = delegate.build(commit);
        stats.buildDone();
        if (r.ok()) {
            materialized = commit;
            r.signature().ifPresent(this::keep);
        }
        BuildRecord rec = store.recordBuild(Outcomes.toRecord(bisectionId, key, r, Optional.empty()));
        records.put(commit, rec);
        // The engine acts on what the journal holds (the same value, read back), so a replay sees exactly it.
        return Outcomes.toResult(rec);
    }

    /**
     * A verification tree (a commit with a change on top) is journaled under its tree id ({@link Change#treeId}),
     * so its runs never mix with the base commit's. Like a commit, it is built once: a resumed bisection takes it
     * from the journal, and only puts it back in the worktree ({@link #materialize}) when a run of it is still to
     * be done.
     */
    @Override
    public synchronized BuildResult buildWith(String base, Change change) {
        String tree = change.treeId(base);
        trees.put(tree, new Tree(base, change));
        Optional<BuildRecord> journaled = store.build(bisectionId, tree);
        if (journaled.isPresent()) {
            stats.buildFromJournal();
            records.put(tree, journaled.get());
            return Outcomes.toResult(journaled.get());
        }
        materialized = null;
        BuildResult r = delegate.buildWith(base, change);
        stats.buildDone();
        if (r.ok()) {
            materialized = r.commit();
            r.signature().ifPresent(this::keep);
        }
        trees.put(r.commit(), new Tree(base, change));
        BuildRecord rec = store.recordBuild(Outcomes.toRecord(bisectionId, key(r.commit()), r, Optional.empty()));
        records.put(r.commit(), rec);
        return Outcomes.toResult(rec);
    }

    /** This bisection's journaled build of the commit; it must have been built (or taken) through this builder. */
    BuildRecord record(String commit) {
        BuildRecord r = records.get(commit);
        if (r == null) {
            r = store.build(bisectionId, commit).orElseThrow(() -> new IllegalStateException(
                    "a run of " + commit + " before its build"));
            records.put(commit, r);
        }
        return r;
    }

    /**
     * A fresh build's artifacts into the cache (and through it to the share), from wherever the runs read them.
     * The cache only saves rebuilds later: when it cannot take them (a full disk, a missing artifact), the
     * bisection goes on with a warning.
     */
    private void keep(String signature) {
        if (cache.isEmpty()) {
            return;
        }
        try {
            if (bySignature.isPresent()) {
                cache.get().put(signature, bySignature.get().dir().apply(signature), bySignature.get().files());
            } else {
                cache.get().put(signature, worktree, artifacts);
            }
        } catch (InfraException e) {
            warn.accept("warning: " + e.getMessage() + " (a resume elsewhere builds it again)");
        }
    }

    /**
     * Makes sure the runs of the build find its artifacts. Artifacts kept by signature need nothing while they are
     * complete, and no lock: a build going on meanwhile (built ahead) must not hold up this build's runs.
     */
    void materialize(BuildResult build) {
        if (bySignature.isPresent() && build.signature().isPresent()
                && bySignature.get().complete(build.signature().get())) {
            return;
        }
        materializeLocked(build);
    }

    /** Puts the build where its runs read it: restored from the cache, else built again. */
    private synchronized void materializeLocked(BuildResult build) {
        String commit = build.commit();
        if (bySignature.isPresent() && build.signature().isPresent()) {
            String sig = build.signature().get();
            if (bySignature.get().complete(sig)) {
                return; // put in place meanwhile (another lane or process)
            }
            if (restoreBySignature(sig)) {
                stats.restored();
                return;
            }
            rebuild(commit);
            return;
        }
        if (commit.equals(materialized)) {
            return;
        }
        Tree tree = trees.get(commit);
        if (build.signature().isPresent() && cache.isPresent()) {
            materialized = null;
            Path root;
            try {
                root = tree == null ? checkout.checkout(commit) : checkout.checkoutWith(tree.base(), tree.change());
            } catch (UnsupportedOperationException e) {
                root = null; // this checkout cannot make the tree: build it
            }
            if (root != null && cache.get().restore(build.signature().get(), root, artifacts)) {
                materialized = commit;
                stats.restored();
                return;
            }
        }
        rebuild(commit);
    }

    /** Builds a journaled commit (or verification tree) again, for its runs; the journal keeps the first build. */
    private void rebuild(String commit) {
        Tree tree = trees.get(commit);
        materialized = null;
        BuildResult again = tree == null ? delegate.build(commit) : delegate.buildWith(tree.base(), tree.change());
        stats.rebuilt();
        if (!again.ok()) {
            throw new InfraException("building " + commit + " again to run its test failed, though it built before: "
                    + again.errorSummary().strip().lines().findFirst().orElse("(no output)"));
        }
        materialized = commit;
        again.signature().ifPresent(this::keep);
    }

    /**
     * Restores a signature's artifacts from the cache (or the share) into a private directory, then moves it into
     * place whole: a run, here or in another process, sees all of them or none.
     */
    private boolean restoreBySignature(String signature) {
        if (cache.isEmpty()) {
            return false;
        }
        Path target = bySignature.get().dir().apply(signature);
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempDirectory(target.getParent(), ".restoring-");
            if (!cache.get().restore(signature, tmp, bySignature.get().files())) {
                return false;
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // Another process put them in place meanwhile.
            }
            return bySignature.get().complete(signature);
        } catch (IOException e) {
            return false; // the caller builds instead
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }

    BuildKey key(String commit) {
        return new BuildKey(spec.repository(), commit, spec.configHash(), delegate.toolchainId(commit),
                spec.buildCommand());
    }
}
