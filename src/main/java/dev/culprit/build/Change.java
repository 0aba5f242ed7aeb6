package dev.culprit.build;

import java.util.Objects;

/**
 * A commit's change undone or applied on top of another commit, left uncommitted in the checkout: the trees that
 * verification builds ("the starting commit with the culprit reverted", "the starting commit with the fix
 * cherry-picked").
 *
 * @param kind     revert or apply
 * @param commit   the commit whose change it is
 * @param mainline for a merge commit, the parent (1-based) the change is taken against; 0 for a plain commit
 */
public record Change(Kind kind, String commit, int mainline) {
    public enum Kind { REVERT, APPLY }

    public Change {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(commit, "commit");
        if (mainline < 0) {
            throw new IllegalArgumentException("mainline must not be negative");
        }
    }

    /**
     * The name of the tree {@code base} + this change, used where a build's commit goes (logs, journal keys): it
     * must never be taken for {@code base} itself, whose runs say nothing about this tree.
     */
    public String treeId(String base) {
        return base + "+" + (kind == Kind.REVERT ? "revert" : "apply") + "-" + commit;
    }

    /** A short name for logs and ids: {@code revert 1a2b3c4d5e6f}. */
    public String describe() {
        return (kind == Kind.REVERT ? "revert " : "cherry-pick ") + commit.substring(0, Math.min(12, commit.length()));
    }
}
