package dev.culprit.sim;

import dev.culprit.vcs.CommitGraph;
import dev.culprit.vcs.ReleaseTags;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A whole history for the simulator: the commit graph (newest first, as {@code git rev-list --parents} lists
 * it, index 0 = the tip), release tags, and what placement rules need to know about each commit: its rank in
 * creation order, whether it is on the mainline, its branch, and its release cycle.
 *
 * <p>Cycles are counted back from the tip. With the release tags strictly before the tip {@code T0, T1, ...}
 * (newest first): when the tip is itself a release, cycle 0 is {@code tip ^T0}; otherwise it is
 * {@code tip ^T1} (the last release's cycle plus the commits after it). That is the range a cause bisection
 * searches after its release walk finds the newest release without the bug; cycle k is the one before.
 * Commits older than every cycle boundary get the last cycle number.
 */
public final class SimDag {
    private final CommitGraph graph;
    private final int[] order;          // creation rank: parents always before children
    private final int[] byOrder;        // inverse of order
    private final boolean[] mainline;   // on the tip's first-parent chain
    private final int[] branch;         // 0 = mainline; other first-parent chains get their own number
    private final int[] cycle;
    private final List<List<Integer>> cycleMembers; // per cycle, commits in creation order
    private final int[] boundaries;     // boundaries[k]: the release commit at the old end of cycle k, or -1
    private final Map<Integer, List<String>> tagsAt;
    private final IntFunction<String> subjects;

    /**
     * @param order    creation rank of each commit (a topological order, oldest first); null: derive one
     * @param tags     tag name to commit index
     * @param subjects the subject line of a commit, by index (called lazily)
     */
    SimDag(CommitGraph graph, int[] order, Map<String, Integer> tags, IntFunction<String> subjects) {
        this.graph = graph;
        int n = graph.size();
        if (order == null) {
            order = new int[n];
            int[] topo = graph.topoOrderOldestFirst();
            for (int r = 0; r < n; r++) {
                order[topo[r]] = r;
            }
        }
        this.order = order;
        this.byOrder = new int[n];
        for (int i = 0; i < n; i++) {
            byOrder[order[i]] = i;
        }
        this.subjects = subjects;
        Map<Integer, List<String>> at = new HashMap<>();
        tags.forEach((name, idx) -> at.computeIfAbsent(idx, k -> new ArrayList<>()).add(name));
        this.tagsAt = at;

        // Mainline and branches: the tip's first-parent chain is branch 0; then, newest first, every commit not
        // yet labelled starts a new branch that follows its first parents until it meets a labelled commit.
        this.mainline = new boolean[n];
        this.branch = new int[n];
        java.util.Arrays.fill(branch, -1);
        int next = 0;
        for (int r = n - 1; r >= 0; r--) {
            int start = byOrder[r];
            if (branch[start] >= 0) {
                continue;
            }
            int id = next++;
            for (int c = start; c >= 0 && branch[c] < 0; c = firstParent(c)) {
                branch[c] = id;
                mainline[c] = id == 0;
            }
        }

        // Release boundaries, newest first, among ancestors of the tip (all of the graph is).
        List<Integer> releases = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Map<String, Integer> releaseIdx = new HashMap<>();
        for (Map.Entry<String, Integer> e : tags.entrySet()) {
            if (e.getValue() != tip() && ReleaseTags.isRelease(e.getKey())) {
                names.add(e.getKey());
                releaseIdx.put(e.getKey(), e.getValue());
            }
        }
        for (String name : ReleaseTags.newestFirst(names)) {
            if (!ReleaseTags.parse(name).get().isSubRelease()) {
                releases.add(releaseIdx.get(name));
            }
        }
        boolean tipIsRelease = tagsAt.getOrDefault(tip(), List.of()).stream().anyMatch(ReleaseTags::isRelease);
        List<Integer> bounds = new ArrayList<>(tipIsRelease ? releases : releases.subList(Math.min(1,
                releases.size()), releases.size()));
        this.boundaries = bounds.stream().mapToInt(Integer::intValue).toArray();
        this.cycle = new int[n];
        java.util.Arrays.fill(cycle, -1);
        BitSet done = new BitSet(n);
        int lastCycle = boundaries.length;
        // Oldest cycle first: each takes the ancestors of its newest commit that no older cycle took.
        for (int k = boundaries.length; k >= 0; k--) {
            int top = k == 0 ? tip() : boundaries[k - 1];
            BitSet anc = ancestorsOrSelf(top);
            anc.andNot(done);
            for (int c = anc.nextSetBit(0); c >= 0; c = anc.nextSetBit(c + 1)) {
                cycle[c] = Math.min(k, lastCycle);
            }
            done.or(anc);
        }
        int cycles = lastCycle + 1;
        List<List<Integer>> members = new ArrayList<>();
        for (int k = 0; k < cycles; k++) {
            members.add(new ArrayList<>());
        }
        for (int r = 0; r < n; r++) {
            int c = byOrder[r];
            if (cycle[c] >= 0) {
                members.get(cycle[c]).add(c);
            }
        }
        this.cycleMembers = members;
    }

    private int firstParent(int c) {
        if (graph.parentHashes(c).isEmpty()) {
            return -1;
        }
        return graph.indexOf(graph.parentHashes(c).get(0));
    }

    public CommitGraph graph() {
        return graph;
    }

    public int size() {
        return graph.size();
    }

    public int tip() {
        return 0;
    }

    public String hash(int i) {
        return graph.hash(i);
    }

    public int order(int i) {
        return order[i];
    }

    /** The commit of creation rank {@code r}. */
    public int byOrder(int r) {
        return byOrder[r];
    }

    public boolean mainline(int i) {
        return mainline[i];
    }

    public int branch(int i) {
        return branch[i];
    }

    public int cycle(int i) {
        return cycle[i];
    }

    public boolean isMerge(int i) {
        return graph.isMerge(i);
    }

    /** Number of cycles (the oldest one holds everything before the last boundary). */
    public int cycles() {
        return cycleMembers.size();
    }

    /** The commits of cycle k in creation order. */
    public List<Integer> cycleMembers(int k) {
        return Collections.unmodifiableList(cycleMembers.get(k));
    }

    /** The release commit at the old end of cycle k (what a cause bisection of that cycle calls good), or -1. */
    public int boundary(int k) {
        return k < boundaries.length ? boundaries[k] : -1;
    }

    public String subject(int i) {
        return subjects.apply(i);
    }

    public List<String> tagsAt(int i) {
        return tagsAt.getOrDefault(i, List.of());
    }

    /** Every tag with its commit. */
    public Map<Integer, List<String>> tags() {
        return Collections.unmodifiableMap(tagsAt);
    }

    /** The commit and all its ancestors. */
    public BitSet ancestorsOrSelf(int commit) {
        return closure(commit, true);
    }

    /** The commit and all its descendants. */
    public BitSet descendantsOrSelf(int commit) {
        return closure(commit, false);
    }

    private BitSet closure(int commit, boolean up) {
        int n = graph.size();
        BitSet seen = new BitSet(n);
        int[] stack = new int[n];
        int top = 0;
        stack[top++] = commit;
        seen.set(commit);
        while (top > 0) {
            int c = stack[--top];
            for (int p : up ? graph.parents(c) : graph.children(c)) {
                if (!seen.get(p)) {
                    seen.set(p);
                    stack[top++] = p;
                }
            }
        }
        return seen;
    }
}
