package dev.culprit.bisect;

import dev.culprit.vcs.CommitGraph;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** AncestorMass against the definition: the weight of every commit's ancestors-or-self, walked one by one. */
class AncestorMassTest {

    /** A random DAG, newest first: merges of up to 4 parents, several roots, parents outside the range. */
    private static CommitGraph randomGraph(SplittableRandom r, int n) {
        List<String> hashes = new ArrayList<>();
        List<List<String>> parents = new ArrayList<>();
        for (int created = 0; created < n; created++) {
            List<String> ps = new ArrayList<>();
            if (created > 0 && r.nextDouble() > 0.05) {
                int k = r.nextDouble() < 0.7 ? 1 : r.nextDouble() < 0.8 ? 2 : 2 + r.nextInt(3);
                for (int i = 0; i < k; i++) {
                    // mostly recent parents, sometimes far back, as topic branches are
                    int back = r.nextDouble() < 0.8 ? 1 + r.nextInt(Math.min(created, 5))
                            : 1 + r.nextInt(created);
                    String p = "c" + (created - back);
                    if (!ps.contains(p)) {
                        ps.add(p);
                    }
                }
            }
            if (r.nextDouble() < 0.03) {
                ps.add(r.nextInt(ps.size() + 1), "outside" + created); // a parent outside the range
            }
            hashes.add(0, "c" + created);
            parents.add(0, ps);
        }
        return CommitGraph.of(hashes, parents);
    }

    private static double[] bruteForce(CommitGraph g, double[] w) {
        double[] out = new double[g.size()];
        for (int c = 0; c < g.size(); c++) {
            BitSet a = RangeMask.ancestorsOrSelf(g, c);
            double s = 0;
            for (int x = a.nextSetBit(0); x >= 0; x = a.nextSetBit(x + 1)) {
                s += w[x];
            }
            out[c] = s;
        }
        return out;
    }

    @Test
    void integerWeightsGiveExactlyTheAncestorSums() {
        SplittableRandom r = new SplittableRandom(42);
        for (int round = 0; round < 40; round++) {
            CommitGraph g = randomGraph(r, 1 + r.nextInt(300));
            double[] w = new double[g.size()];
            for (int i = 0; i < w.length; i++) {
                w[i] = r.nextInt(1000);
            }
            assertThat(new AncestorMass(g).sums(w)).containsExactly(bruteForce(g, w));
        }
    }

    @Test
    void probabilityWeightsAgreeToRounding() {
        SplittableRandom r = new SplittableRandom(7);
        for (int round = 0; round < 20; round++) {
            CommitGraph g = randomGraph(r, 500);
            double[] w = new double[g.size()];
            double total = 0;
            for (int i = 0; i < w.length; i++) {
                w[i] = Math.exp(-30 * r.nextDouble());
                total += w[i];
            }
            for (int i = 0; i < w.length; i++) {
                w[i] /= total;
            }
            double[] got = new AncestorMass(g).sums(w);
            double[] want = bruteForce(g, w);
            for (int c = 0; c < w.length; c++) {
                assertThat(got[c]).isCloseTo(want[c], org.assertj.core.api.Assertions.within(1e-12));
            }
        }
    }
}
