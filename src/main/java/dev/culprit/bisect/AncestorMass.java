package dev.culprit.bisect;

import dev.culprit.vcs.CommitGraph;

import java.util.Arrays;
import java.util.BitSet;

/**
 * For every commit of a graph, the total weight of the commits it reaches (itself included). Along a
 * single-parent chain the sum grows by one weight per commit. At a merge the ancestors of its parents overlap:
 * the merge reaches its first parent's ancestors plus what only its other parents bring, the set
 * {@code D(m) = A(other parents) \ A(first parent)} (for a topic branch merged into the mainline: the topic's
 * commits). Those sets depend on the graph alone, so they are found once, here, and each {@link #sums} call
 * costs O(n + sum of |D(m)|) instead of a walk of every merge's ancestors (O(n x merges): seconds on a
 * 100,000-commit kernel-like range).
 *
 * <p>Finding D(m): a depth-first walk of the first-parent tree keeps a bit set equal to the ancestors-or-self of
 * the commit it stands on ({@code A(c) = {c} + A(first parent) + D(c)}, set on the way down, cleared on the way
 * back, since D(c) never meets A(first parent)). At a merge, a walk from its other parents that stops at set
 * bits yields exactly D(m).
 */
final class AncestorMass {
    private final CommitGraph graph;
    private final int[] topo;
    /** D(c) of commit c: extra[extraStart[c] .. extraStart[c + 1]). Empty for commits with one parent or none. */
    private final int[] extraStart;
    private final int[] extra;

    AncestorMass(CommitGraph graph) {
        this.graph = graph;
        this.topo = graph.topoOrderOldestFirst();
        int n = graph.size();
        this.extraStart = new int[n + 1];
        int[][] d = mergeExtras(graph, topo);
        int total = 0;
        for (int c = 0; c < n; c++) {
            extraStart[c] = total;
            total += d[c] == null ? 0 : d[c].length;
        }
        extraStart[n] = total;
        this.extra = new int[total];
        for (int c = 0; c < n; c++) {
            if (d[c] != null) {
                System.arraycopy(d[c], 0, extra, extraStart[c], d[c].length);
            }
        }
    }

    /** D(c) for every merge (null for other commits), by the first-parent tree walk described above. */
    private static int[][] mergeExtras(CommitGraph g, int[] topo) {
        int n = g.size();
        // The first-parent tree: children lists in CSR form, roots in topological order.
        int[] childCount = new int[n + 1];
        for (int c = 0; c < n; c++) {
            int[] ps = g.parents(c);
            if (ps.length > 0) {
                childCount[ps[0]]++;
            }
        }
        int[] childStart = new int[n + 1];
        for (int c = 0; c < n; c++) {
            childStart[c + 1] = childStart[c] + childCount[c];
        }
        int[] children = new int[childStart[n]];
        int[] fill = Arrays.copyOf(childStart, n);
        for (int c : topo) {
            int[] ps = g.parents(c);
            if (ps.length > 0) {
                children[fill[ps[0]]++] = c;
            }
        }
        int[][] d = new int[n][];
        BitSet inAnc = new BitSet(n);
        int[] stack = new int[n];      // tree walk: the path from a root
        int[] next = new int[n];       // per path entry: index of the next child to visit
        int[] work = new int[n];       // walk from a merge's other parents
        int[] found = new int[n];
        for (int root : topo) {
            if (g.parents(root).length > 0) {
                continue;
            }
            int depth = 0;
            stack[depth] = root;
            next[depth] = childStart[root];
            depth++;
            inAnc.set(root);
            while (depth > 0) {
                int c = stack[depth - 1];
                if (next[depth - 1] < childStart[c + 1]) {
                    int child = children[next[depth - 1]++];
                    inAnc.set(child);
                    int[] ps = g.parents(child);
                    if (ps.length > 1) {
                        int count = 0;
                        int top = 0;
                        for (int i = 1; i < ps.length; i++) {
                            if (!inAnc.get(ps[i])) {
                                inAnc.set(ps[i]);
                                work[top++] = ps[i];
                            }
                        }
                        while (top > 0) {
                            int x = work[--top];
                            found[count++] = x;
                            for (int p : g.parents(x)) {
                                if (!inAnc.get(p)) {
                                    inAnc.set(p);
                                    work[top++] = p;
                                }
                            }
                        }
                        d[child] = Arrays.copyOf(found, count);
                    }
                    stack[depth] = child;
                    next[depth] = childStart[child];
                    depth++;
                } else {
                    depth--;
                    inAnc.clear(c);
                    if (d[c] != null) {
                        for (int x : d[c]) {
                            inAnc.clear(x);
                        }
                    }
                }
            }
        }
        return d;
    }

    double[] sums(double[] weight) {
        int n = graph.size();
        double[] sum = new double[n];
        for (int c : topo) {
            int[] ps = graph.parents(c);
            if (ps.length == 0) {
                sum[c] = weight[c];
            } else if (ps.length == 1) {
                sum[c] = weight[c] + sum[ps[0]];
            } else {
                double s = weight[c] + sum[ps[0]];
                for (int i = extraStart[c], end = extraStart[c + 1]; i < end; i++) {
                    s += weight[extra[i]];
                }
                sum[c] = s;
            }
        }
        return sum;
    }
}
