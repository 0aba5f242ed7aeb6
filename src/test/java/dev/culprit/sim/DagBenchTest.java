package dev.culprit.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A small {@code culprit bench dag}: the figures are there and classic chooses what git chooses. */
class DagBenchTest {
    @Test
    void smallRunAgreesWithGit(@TempDir Path tmp) {
        DagBench.Result r = DagBench.run(new DagBench.Options(1500, 300, 3, 3, 0, 2, tmp), line -> { });
        assertThat(r.commits()).isBetween(1400, 1700);
        assertThat(r.rangeSize()).isEqualTo(r.commits() - 1);
        assertThat(r.sameAsGit()).isTrue();
        // classic and bayes at steps 1 and 4, then git without and with a commit-graph file at the same steps
        assertThat(r.rows()).hasSize(8);
        assertThat(r.rows()).extracting(DagBench.Row::step).containsExactly(1, 4, 1, 4, 1, 4, 1, 4);
        assertThat(r.rows().get(0).range()).isEqualTo(r.rangeSize());
        assertThat(r.rows().get(1).range()).isLessThan(r.rangeSize());
        for (DagBench.Row row : r.rows()) {
            assertThat(row.millis()).hasSize(2);
            assertThat(row.p95()).isGreaterThanOrEqualTo(row.median());
            assertThat(row.chosen()).matches("[0-9a-f]{40}");
        }
        assertThat(r.machine()).contains("cores").contains("git version");
    }

    @Test
    void percentilesAreNearestRank() {
        double[] v = {5, 1, 4, 2, 3};
        assertThat(DagBench.percentile(v, 0.5)).isEqualTo(3);
        assertThat(DagBench.percentile(v, 0.95)).isEqualTo(5);
        assertThat(DagBench.percentile(new double[] {7}, 0.95)).isEqualTo(7);
    }
}
