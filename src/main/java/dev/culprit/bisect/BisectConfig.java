package dev.culprit.bisect;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to bisect. Revisions are full commit hashes (the caller resolves names).
 *
 * @param mode      cause or fix
 * @param bad       where the crash reproduces (the starting commit)
 * @param goods     known good commits (cause); empty: walk the releases
 * @param head      fix bisection: the newest commit to look at; ignored for cause
 * @param title     the crash to chase when the user names it; else the most frequent one on the start
 * @param jobs      runs at once
 * @param maxBuilds stop after this many builds (0: no limit)
 * @param verify    check a found culprit before naming it (crash at it, none at its parents, cured by its revert)
 * @param certainty how sure verification's clean checks must be that a present bug would have shown
 */
public record BisectConfig(Mode mode, String bad, List<String> goods, String head, Optional<String> title, int jobs,
                           int maxBuilds, boolean verify, double certainty) {
    public BisectConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(bad, "bad");
        goods = List.copyOf(goods);
        Objects.requireNonNull(title, "title");
        if (jobs <= 0) {
            throw new IllegalArgumentException("jobs must be positive");
        }
        if (maxBuilds < 0) {
            throw new IllegalArgumentException("maxBuilds must not be negative");
        }
        if (mode == Mode.FIX) {
            Objects.requireNonNull(head, "head");
        }
        if (!(certainty > 0 && certainty < 1)) {
            throw new IllegalArgumentException("certainty must be between 0 and 1");
        }
    }

    /** A bisection without the verification phase. */
    public BisectConfig(Mode mode, String bad, List<String> goods, String head, Optional<String> title, int jobs,
                        int maxBuilds) {
        this(mode, bad, goods, head, title, jobs, maxBuilds, false, 0.95);
    }
}
