package dev.culprit.sim;

import java.util.Arrays;
import java.util.List;

/**
 * The figures of many trials of one strategy (on one scenario, or on the whole mix).
 *
 * @param trials        how many
 * @param accuracy      share judged right ({@link Trial#judge})
 * @param confidentWrong share wrong yet stated with confidence of at least 0.95
 * @param statedConfident how many answers were stated with confidence of at least 0.95
 * @param calibration   among those, the share that was right (NaN when there were none)
 * @param meanBuilds    mean builds
 * @param p95Builds     95th percentile of builds
 * @param meanRuns      mean test runs
 * @param p95Runs       95th percentile of test runs
 * @param meanWall      mean simulated wall hours
 * @param p95Wall       95th percentile of simulated wall hours
 */
public record Summary(int trials, double accuracy, double confidentWrong, int statedConfident, double calibration,
                      double meanBuilds, double p95Builds, double meanRuns, double p95Runs, double meanWall,
                      double p95Wall) {

    public static Summary of(List<Trial> ts) {
        int n = ts.size();
        int right = 0;
        int cw = 0;
        int stated = 0;
        int statedRight = 0;
        double[] builds = new double[n];
        double[] runs = new double[n];
        double[] wall = new double[n];
        for (int i = 0; i < n; i++) {
            Trial t = ts.get(i);
            right += t.right() ? 1 : 0;
            cw += t.confidentWrong() ? 1 : 0;
            if (t.confidence() >= 0.95) {
                stated++;
                statedRight += t.right() ? 1 : 0;
            }
            builds[i] = t.builds();
            runs[i] = t.runs();
            wall[i] = t.wallHours();
        }
        return new Summary(n, ratio(right, n), ratio(cw, n), stated,
                stated == 0 ? Double.NaN : (double) statedRight / stated, mean(builds), p95(builds), mean(runs),
                p95(runs), mean(wall), p95(wall));
    }

    private static double ratio(int a, int n) {
        return n == 0 ? Double.NaN : (double) a / n;
    }

    private static double mean(double[] v) {
        return v.length == 0 ? Double.NaN : Arrays.stream(v).sum() / v.length;
    }

    /** Nearest-rank 95th percentile. */
    static double p95(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(0.95 * s.length);
        return s[Math.max(0, rank - 1)];
    }
}
