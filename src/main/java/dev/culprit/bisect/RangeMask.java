package dev.culprit.bisect;

import dev.culprit.vcs.CommitGraph;

import java.util.BitSet;

/**
 * Set arithmetic on the commits of a {@link CommitGraph}: ancestor closures and what remains of a range
 * once commits are known bad or good. All sets are BitSets over graph indexes.
 */
final class RangeMask {
    private RangeMask() {
    }

    /** The commit and all its ancestors inside the graph. */
    static BitSet ancestorsOrSelf(CommitGraph g, int commit) {
        return closure(g, commit, true);
    }

    /** The commit and all its descendants inside the graph. */
    static BitSet descendantsOrSelf(CommitGraph g, int commit) {
        return closure(g, commit, false);
    }

    /** Everything reachable from the commit along parent edges ({@code up}) or child edges. */
    private static BitSet closure(CommitGraph g, int commit, boolean up) {
        BitSet seen = new BitSet(g.size());
        int[] stack = new int[g.size()];
        int top = 0;
        stack[top++] = commit;
        seen.set(commit);
        while (top > 0) {
            int c = stack[--top];
            for (int next : up ? g.parents(c) : g.children(c)) {
                if (!seen.get(next)) {
                    seen.set(next);
                    stack[top++] = next;
                }
            }
        }
        return seen;
    }

    /** Ancestors-or-self of {@code bad}, minus ancestors-or-self of every good: git's "bad ^good..." range. */
    static BitSet range(CommitGraph g, int bad, Iterable<Integer> goods) {
        BitSet r = ancestorsOrSelf(g, bad);
        for (int good : goods) {
            r.andNot(ancestorsOrSelf(g, good));
        }
        return r;
    }
}
