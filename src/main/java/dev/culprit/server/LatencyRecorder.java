package dev.culprit.server;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The API's response times, by route ("POST /api/journal/{op}"), for {@code /api/stats} and the bench. Counts and
 * maxima are exact; percentiles come from a uniform sample of at most {@link #KEEP} times per route (reservoir
 * sampling), so a server that runs for months holds a bounded amount. Below that many calls they are exact.
 */
final class LatencyRecorder {
    /** The times kept per route (and for "all"). */
    static final int KEEP = 20_000;

    /** A route's figures, in milliseconds. */
    record Figures(int count, double p50, double p99, double max) {
    }

    /** One route's count, maximum and sample. */
    private static final class Route {
        private long[] sample = new long[64];
        private long count;
        private long max;

        void add(long nanos, SplittableRandom random) {
            count++;
            max = Math.max(max, nanos);
            if (count <= KEEP) {
                if (count > sample.length) {
                    sample = Arrays.copyOf(sample, (int) Math.min(KEEP, 2L * sample.length));
                }
                sample[(int) count - 1] = nanos;
            } else {
                long slot = random.nextLong(count); // keeps every time seen with probability KEEP/count
                if (slot < KEEP) {
                    sample[(int) slot] = nanos;
                }
            }
        }

        Figures figures() {
            if (count == 0) {
                return new Figures(0, 0, 0, 0);
            }
            long[] s = Arrays.copyOf(sample, (int) Math.min(count, KEEP));
            Arrays.sort(s);
            return new Figures((int) Math.min(count, Integer.MAX_VALUE), ms(percentile(s, 0.50)),
                    ms(percentile(s, 0.99)), ms(max));
        }
    }

    private final Map<String, Route> routes = new TreeMap<>();
    private final Route all = new Route();
    /** Seeded: the same calls give the same figures. */
    private final SplittableRandom random = new SplittableRandom(1);

    synchronized void record(String route, long nanos) {
        routes.computeIfAbsent(route, r -> new Route()).add(nanos, random);
        all.add(nanos, random);
    }

    /** Per route, plus "all" over every API route. */
    synchronized Map<String, Figures> figures() {
        Map<String, Figures> out = new TreeMap<>();
        routes.forEach((route, r) -> out.put(route, r.figures()));
        out.put("all", all.figures());
        return out;
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
