package dev.culprit.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The API's response times, by route ("POST /api/journal/{op}"), for {@code /api/stats} and the bench. */
final class LatencyRecorder {
    /** A route's figures, in milliseconds. */
    record Figures(int count, double p50, double p99, double max) {
    }

    private final Map<String, List<Long>> samples = new TreeMap<>();

    synchronized void record(String route, long nanos) {
        samples.computeIfAbsent(route, r -> new ArrayList<>()).add(nanos);
    }

    /** Per route, plus "all" over every API route. */
    synchronized Map<String, Figures> figures() {
        Map<String, Figures> out = new TreeMap<>();
        List<Long> all = new ArrayList<>();
        samples.forEach((route, s) -> {
            out.put(route, figures(new ArrayList<>(s)));
            all.addAll(s);
        });
        out.put("all", figures(all));
        return out;
    }

    private static Figures figures(List<Long> s) {
        if (s.isEmpty()) {
            return new Figures(0, 0, 0, 0);
        }
        Collections.sort(s);
        return new Figures(s.size(), ms(percentile(s, 0.50)), ms(percentile(s, 0.99)), ms(s.get(s.size() - 1)));
    }

    /** Nearest-rank percentile. */
    static long percentile(List<Long> sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
