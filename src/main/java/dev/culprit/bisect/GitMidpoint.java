package dev.culprit.bisect;

import dev.culprit.vcs.CommitGraph;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * git's choice of the next commit to test, reproduced exactly so that the classic strategy behaves as
 * {@code git bisect} (and so syzbot) does.
 *
 * <p>Facts of git's algorithm this follows: every commit of the range has a weight, the number of range
 * commits it reaches (itself included); the best commit maximises min(weight, N - weight). git walks its list
 * (the reverse of {@code rev-list}'s order) counting merges first, then filling single-parent chains, and stops
 * early at the first commit found "approximately halfway" (|2w - N| &le; 1, or &lt; N/1024); otherwise the
 * first commit of the list with the best distance wins. With skipped commits git instead sorts every commit by
 * distance (ties by hash), drops the skipped ones, and when the best was skipped picks a commit at a
 * pseudo-random position derived from the count, so that it moves away from the skipped area.
 */
public final class GitMidpoint {
    private final CommitGraph graph;

    public GitMidpoint(CommitGraph graph) {
        this.graph = graph;
    }

    /** A choice: the commit to test and how many range commits it reaches. */
    public record Choice(int commit, int reaches, int all) {
    }

    /**
     * Weight of each commit of {@code range}: how many range commits it reaches, itself included. Commits
     * outside the range get 0.
     */
    public int[] weights(BitSet range) {
        int n = graph.size();
        int[] w = new int[n];
        int[] stamp = new int[n];
        int[] stack = new int[n];
        int epoch = 0;
        for (int c : graph.topoOrderOldestFirst()) {
            if (!range.get(c)) {
                continue;
            }
            int inRange = 0;
            int single = -1;
            for (int p : graph.parents(c)) {
                if (range.get(p)) {
                    inRange++;
                    single = p;
                }
            }
            if (inRange == 0) {
                w[c] = 1;
            } else if (inRange == 1) {
                w[c] = w[single] + 1;
            } else {
                epoch++;
                w[c] = countReach(c, range, stamp, epoch, stack);
            }
        }
        return w;
    }

    private int countReach(int from, BitSet range, int[] stamp, int epoch, int[] stack) {
        int top = 0;
        int count = 0;
        stack[top++] = from;
        stamp[from] = epoch;
        while (top > 0) {
            int c = stack[--top];
            count++;
            for (int p : graph.parents(c)) {
                if (range.get(p) && stamp[p] != epoch) {
                    stamp[p] = epoch;
                    stack[top++] = p;
                }
            }
        }
        return count;
    }

    /**
     * The commit {@code git rev-list --bisect bad ^good...} prints, for the range {@code range} (no skipped
     * commits). Returns null for an empty range.
     */
    public Choice best(BitSet range) {
        int all = range.cardinality();
        if (all == 0) {
            return null;
        }
        int[] w = weights(range);
        int early = earlyHalfway(range, w, all);
        if (early >= 0) {
            return new Choice(early, w[early], all);
        }
        int best = -1;
        int bestDistance = -1;
        for (int c = graph.size() - 1; c >= 0; c--) { // git's list is rev-list order reversed
            if (!range.get(c)) {
                continue;
            }
            int d = Math.min(w[c], all - w[c]);
            if (d > bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return new Choice(best, w[best], all);
    }

    /**
     * The commit git returns early, or -1. git first counts merges in list order and stops at the first one
     * that is halfway; then it fills the other weights in passes over the list, checking each commit whose
     * weight it derives from a parent's. Root commits get weight 1 without a check.
     */
    private int earlyHalfway(BitSet range, int[] w, int all) {
        boolean[] known = new boolean[graph.size()];
        int n = graph.size();
        for (int c = n - 1; c >= 0; c--) {
            if (range.get(c) && inRangeParents(c, range) == 0) {
                known[c] = true;
            }
        }
        for (int c = n - 1; c >= 0; c--) {
            if (range.get(c) && inRangeParents(c, range) >= 2) {
                known[c] = true;
                if (approxHalfway(w[c], all)) {
                    return c;
                }
            }
        }
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int c = n - 1; c >= 0; c--) {
                if (!range.get(c) || known[c]) {
                    continue;
                }
                boolean parentKnown = false;
                for (int p : graph.parents(c)) {
                    if (range.get(p) && known[p]) {
                        parentKnown = true;
                        break;
                    }
                }
                if (!parentKnown) {
                    continue;
                }
                known[c] = true;
                progress = true;
                if (approxHalfway(w[c], all)) {
                    return c;
                }
            }
        }
        return -1;
    }

    private int inRangeParents(int c, BitSet range) {
        int k = 0;
        for (int p : graph.parents(c)) {
            if (range.get(p)) {
                k++;
            }
        }
        return k;
    }

    static boolean approxHalfway(int weight, int all) {
        int diff = 2 * weight - all;
        if (diff >= -1 && diff <= 1) {
            return true;
        }
        return Math.abs(diff) < all / 1024;
    }

    /**
     * git's choice when some commits were skipped. Returns null when every candidate but the bad commit is
     * skipped (the answer is then any of {@link #triedSkipped}).
     *
     * @param bad the current bad commit (the range's tip)
     */
    public Choice bestWithSkips(BitSet range, Set<Integer> skipped, int bad) {
        int all = range.cardinality();
        if (all == 0) {
            return null;
        }
        if (skipped.isEmpty()) {
            return best(range);
        }
        int[] w = weights(range);
        List<Integer> sorted = sortedByDistance(range, w, all);
        int reaches = w[sorted.get(0)];
        if (!skipped.contains(sorted.get(0))) {
            return new Choice(sorted.get(0), reaches, all);
        }
        List<Integer> rest = new ArrayList<>();
        for (int c : sorted) {
            if (!skipped.contains(c)) {
                rest.add(c);
            }
        }
        if (rest.isEmpty()) {
            return null;
        }
        int chosen = skipAway(rest, bad);
        return new Choice(chosen, reaches, all);
    }

    /** The skipped commits of the range in git's sorted order: the "could be any of" list, bad excluded. */
    public List<Integer> triedSkipped(BitSet range, Set<Integer> skipped) {
        int all = range.cardinality();
        int[] w = weights(range);
        List<Integer> tried = new ArrayList<>();
        for (int c : sortedByDistance(range, w, all)) {
            if (skipped.contains(c)) {
                tried.add(c);
            }
        }
        return tried;
    }

    private List<Integer> sortedByDistance(BitSet range, int[] w, int all) {
        List<Integer> list = new ArrayList<>(all);
        for (int c = range.nextSetBit(0); c >= 0; c = range.nextSetBit(c + 1)) {
            list.add(c);
        }
        list.sort(Comparator.<Integer>comparingInt(c -> -Math.min(w[c], all - w[c]))
                .thenComparing(graph::hash));
        return list;
    }

    private static final int PRN_MODULO = 32768;

    /** git's deterministic pseudo-random step away from a skipped best commit. */
    private int skipAway(List<Integer> list, int bad) {
        int count = list.size();
        long prn = pseudoRandom(count);
        int index = (int) ((count * prn / PRN_MODULO) * floatSqrt((int) prn) / floatSqrt(PRN_MODULO));
        Integer previous = null;
        for (int i = 0; i < list.size(); i++) {
            int cur = list.get(i);
            if (i == index) {
                if (cur != bad) {
                    return cur;
                }
                return previous != null ? previous : list.get(0);
            }
            previous = cur;
        }
        return list.get(0);
    }

    private static long pseudoRandom(int count) {
        long x = (count * 1103515245L + 12345L) & 0xffffffffL; // unsigned 32-bit arithmetic
        return (x / 65536) % PRN_MODULO;
    }

    /** Integer square root by float Newton iteration, truncated, as git computes it. */
    private static int floatSqrt(int val) {
        if (val == 0) {
            return 0;
        }
        float x = val;
        float d;
        do {
            float y = (x + (float) val / x) / 2;
            d = (y > x) ? y - x : x - y;
            x = y;
        } while (d >= 0.5f);
        return (int) x;
    }

    /** git's estimate of the steps left for {@code all} commits, as printed in "(roughly K steps)". */
    public static int estimateSteps(int all) {
        if (all < 3) {
            return 0;
        }
        int n = 31 - Integer.numberOfLeadingZeros(all);
        int e = 1 << n;
        int x = all - e;
        return (e < 3 * x) ? n : n - 1;
    }
}
