package dev.culprit.bisect;

import dev.culprit.vcs.CommitGraph;

/**
 * For every commit of a graph, the total weight of the commits it reaches (itself included). Along a
 * single-parent chain the sum grows by one weight per commit; at a merge the ancestors of its parents
 * overlap, so the merge's ancestors are walked once.
 */
final class AncestorMass {
    private final CommitGraph graph;
    private final int[] topo;

    AncestorMass(CommitGraph graph) {
        this.graph = graph;
        this.topo = graph.topoOrderOldestFirst();
    }

    double[] sums(double[] weight) {
        int n = graph.size();
        double[] sum = new double[n];
        int[] stamp = new int[n];
        int[] stack = new int[n];
        int epoch = 0;
        for (int c : topo) {
            int[] ps = graph.parents(c);
            if (ps.length == 0) {
                sum[c] = weight[c];
            } else if (ps.length == 1) {
                sum[c] = weight[c] + sum[ps[0]];
            } else {
                epoch++;
                double s = 0;
                int top = 0;
                stack[top++] = c;
                stamp[c] = epoch;
                while (top > 0) {
                    int x = stack[--top];
                    s += weight[x];
                    for (int p : graph.parents(x)) {
                        if (stamp[p] != epoch) {
                            stamp[p] = epoch;
                            stack[top++] = p;
                        }
                    }
                }
                sum[c] = s;
            }
        }
        return sum;
    }
}
