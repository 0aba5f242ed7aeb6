package dev.culprit.bisect;

import dev.culprit.build.BuildResult;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every commit tested in one bisection, and the behaviour pools their runs go to. */
public final class Evidence {
    private final Map<String, TestedCommit> commits = new LinkedHashMap<>();
    private final Map<String, RunPool> poolsBySignature = new HashMap<>();

    public TestedCommit get(String hash) {
        return commits.get(hash);
    }

    public Collection<TestedCommit> all() {
        return Collections.unmodifiableCollection(commits.values());
    }

    /**
     * Records a build of {@code hash}. A commit whose signature was seen before joins that signature's pool
     * and so reuses its runs. Building a commit again keeps its earlier record.
     */
    TestedCommit recordBuild(String hash, Phase phase, BuildResult build) {
        TestedCommit existing = commits.get(hash);
        if (existing != null && existing.build().ok() == build.ok()) {
            return existing;
        }
        RunPool pool = null;
        boolean reused = false;
        if (build.ok()) {
            if (build.signature().isPresent()) {
                String sig = build.signature().get();
                pool = poolsBySignature.get(sig);
                if (pool == null) {
                    pool = new RunPool(sig, hash);
                    poolsBySignature.put(sig, pool);
                } else {
                    reused = pool.size() > 0;
                }
            } else {
                pool = new RunPool(null, hash);
            }
        }
        TestedCommit tc = new TestedCommit(hash, phase, build, pool, reused);
        commits.put(hash, tc);
        return tc;
    }

    /** Classifies every run recorded so far against the target, once it is known. */
    void classifyAll(TargetCrash target) {
        for (TestedCommit tc : commits.values()) {
            if (tc.pool() != null) {
                tc.pool().reclassify(target);
            }
        }
    }

    /** The commit tested earlier with the given signature, other than {@code except}; null if none. */
    public TestedCommit sameSignature(String signature, String except) {
        for (TestedCommit tc : commits.values()) {
            if (!tc.hash().equals(except) && tc.build().signature().map(signature::equals).orElse(false)) {
                return tc;
            }
        }
        return null;
    }
}
