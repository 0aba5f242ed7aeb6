package dev.culprit.server;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencyRecorderTest {
    private static final long MS = 1_000_000;

    @Test
    void fewCallsGiveExactNearestRankFigures() {
        LatencyRecorder r = new LatencyRecorder();
        for (int i = 100; i >= 1; i--) {
            r.record("GET /api/jobs", i * MS);
        }
        r.record("POST /api/jobs", 7 * MS);
        LatencyRecorder.Figures f = r.figures().get("GET /api/jobs");
        assertThat(f).isEqualTo(new LatencyRecorder.Figures(100, 50, 99, 100));
        assertThat(r.figures().get("POST /api/jobs")).isEqualTo(new LatencyRecorder.Figures(1, 7, 7, 7));
        assertThat(r.figures().get("all").count()).isEqualTo(101);
    }

    @Test
    void manyCallsKeepExactCountsAndMaximaAndSampledPercentiles() {
        int n = 10 * LatencyRecorder.KEEP;
        List<Long> times = new ArrayList<>();
        for (long i = 1; i <= n; i++) {
            times.add(i * 1000); // 1 µs .. n µs
        }
        Collections.shuffle(times, new Random(3));
        LatencyRecorder r = new LatencyRecorder();
        times.forEach(t -> r.record("POST /api/journal/{op}", t));
        LatencyRecorder.Figures f = r.figures().get("POST /api/journal/{op}");
        assertThat(f.count()).isEqualTo(n);
        assertThat(f.max()).isEqualTo(n / 1000.0);
        // A uniform sample of KEEP: the median's standard error is about 0.35 % of the range.
        assertThat(f.p50()).isCloseTo(n / 2 / 1000.0, within(n * 0.02 / 1000.0));
        assertThat(f.p99()).isCloseTo(n * 0.99 / 1000.0, within(n * 0.01 / 1000.0));
        assertThat(r.figures().get("all").count()).isEqualTo(n);
        assertThat(r.figures().get("all").max()).isEqualTo(f.max());
    }
}
