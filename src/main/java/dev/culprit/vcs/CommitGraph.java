package dev.culprit.vcs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable commit DAG: the commits of a range in the order {@code git rev-list --parents} printed them
 * (newest first, commit-date order), each with its parents. Parents outside the range are kept by hash only.
 * Indexes are positions in that order; the graph arithmetic of the engine works on them.
 */
public final class CommitGraph {
    private final String[] hashes;
    private final int[][] parents;          // parents inside the range, as indexes
    private final String[][] parentHashes;  // all parents, in order, inside or not
    private final Map<String, Integer> index;
    private int[][] children;               // derived lazily; the graph is otherwise immutable

    private CommitGraph(String[] hashes, String[][] parentHashes) {
        this.hashes = hashes;
        this.parentHashes = parentHashes;
        this.index = new HashMap<>(hashes.length * 2);
        for (int i = 0; i < hashes.length; i++) {
            if (index.put(hashes[i], i) != null) {
                throw new IllegalArgumentException("commit listed twice: " + hashes[i]);
            }
        }
        this.parents = new int[hashes.length][];
        for (int i = 0; i < hashes.length; i++) {
            int[] in = new int[parentHashes[i].length];
            int n = 0;
            for (String p : parentHashes[i]) {
                Integer j = index.get(p);
                if (j != null) {
                    in[n++] = j;
                }
            }
            parents[i] = Arrays.copyOf(in, n);
        }
    }

    /** Builds a graph from commits and their parents, listed newest first. */
    public static CommitGraph of(List<String> hashes, List<List<String>> parents) {
        if (hashes.size() != parents.size()) {
            throw new IllegalArgumentException("hashes and parents differ in length");
        }
        String[][] ph = new String[parents.size()][];
        for (int i = 0; i < ph.length; i++) {
            ph[i] = parents.get(i).toArray(String[]::new);
        }
        return new CommitGraph(hashes.toArray(String[]::new), ph);
    }

    /** Parses the output of {@code git rev-list --parents ...}: one commit per line, then its parents. */
    public static CommitGraph parseRevList(String output) {
        List<String> hashes = new ArrayList<>();
        List<List<String>> parents = new ArrayList<>();
        for (String line : output.split("\n")) {
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(" ");
            hashes.add(f[0]);
            parents.add(List.of(Arrays.copyOfRange(f, 1, f.length)));
        }
        return of(hashes, parents);
    }

    public int size() {
        return hashes.length;
    }

    public String hash(int i) {
        return hashes[i];
    }

    /** Index of the commit, or -1 when it is not in the range. */
    public int indexOf(String hash) {
        Integer i = index.get(hash);
        return i == null ? -1 : i;
    }

    public boolean contains(String hash) {
        return index.containsKey(hash);
    }

    /** Parents inside the range, as indexes. Callers must not modify the array. */
    public int[] parents(int i) {
        return parents[i];
    }

    /** Every parent of the commit, inside the range or not, first parent first. */
    public List<String> parentHashes(int i) {
        return List.of(parentHashes[i]);
    }

    public boolean isMerge(int i) {
        return parentHashes[i].length > 1;
    }

    /** Children inside the range, as indexes. Callers must not modify the arrays. */
    public synchronized int[] children(int i) {
        if (children == null) {
            int[] count = new int[hashes.length];
            for (int[] ps : parents) {
                for (int p : ps) {
                    count[p]++;
                }
            }
            int[][] ch = new int[hashes.length][];
            for (int k = 0; k < ch.length; k++) {
                ch[k] = new int[count[k]];
                count[k] = 0;
            }
            for (int c = 0; c < parents.length; c++) {
                for (int p : parents[c]) {
                    ch[p][count[p]++] = c;
                }
            }
            children = ch;
        }
        return children[i];
    }

    /** Commits in an order where every parent comes before its children (oldest first). */
    public int[] topoOrderOldestFirst() {
        int n = hashes.length;
        int[] pending = new int[n];
        for (int i = 0; i < n; i++) {
            pending[i] = parents[i].length;
        }
        int[] order = new int[n];
        int head = 0;
        int tail = 0;
        // Seed with roots in reverse listing order so that older commits tend to come first.
        for (int i = n - 1; i >= 0; i--) {
            if (pending[i] == 0) {
                order[tail++] = i;
            }
        }
        while (head < tail) {
            int c = order[head++];
            for (int ch : children(c)) {
                if (--pending[ch] == 0) {
                    order[tail++] = ch;
                }
            }
        }
        if (tail != n) {
            throw new IllegalStateException("commit graph has a cycle");
        }
        return order;
    }
}
