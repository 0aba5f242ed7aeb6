package dev.culprit.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The posterior as the bisection proceeds, as an SVG line chart: one line per candidate commit (the ones that
 * reached the top of some {@code posterior:} log line), x = the posterior update, y = the candidate's probability.
 * A candidate not listed in an update is below the log's cut-off there and drawn at 0.
 */
final class PosteriorPlot {
    private static final Pattern ENTRY = Pattern.compile("\\s*(\\S+) ([01]\\.\\d+)");
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
    private static final int MAX_LINES = 6;
    private static final int W = 640;
    private static final int H = 240;
    private static final int LEFT = 40;
    private static final int BOTTOM = 24;

    /** One {@code posterior:} line: candidate to probability, in the log's order. */
    record Update(Map<String, Double> probabilities) {
    }

    private PosteriorPlot() {
    }

    static List<Update> parse(List<String> log) {
        List<Update> out = new ArrayList<>();
        for (String line : log) {
            if (!line.startsWith("posterior:")) {
                continue;
            }
            String body = line.substring("posterior:".length());
            int paren = body.indexOf(" (");
            if (paren >= 0) {
                body = body.substring(0, paren);
            }
            Map<String, Double> m = new LinkedHashMap<>();
            for (String part : body.split(",")) {
                Matcher mt = ENTRY.matcher(part);
                if (mt.matches()) {
                    m.put(mt.group(1), Double.parseDouble(mt.group(2)));
                }
            }
            if (!m.isEmpty()) {
                out.add(new Update(m));
            }
        }
        return out;
    }

    /** The chart; an empty string when the log has no posterior yet. */
    static String svg(List<Update> updates) {
        if (updates.isEmpty()) {
            return "";
        }
        // The candidates that matter most at the end come first (and keep their colours as lines are added).
        Map<String, Double> best = new LinkedHashMap<>();
        for (int i = updates.size() - 1; i >= 0; i--) {
            for (Map.Entry<String, Double> e : updates.get(i).probabilities().entrySet()) {
                best.putIfAbsent(e.getKey(), e.getValue());
            }
        }
        List<String> lines = best.keySet().stream().limit(MAX_LINES).toList();
        int n = updates.size();
        double dx = n == 1 ? 0 : (W - LEFT - 10.0) / (n - 1);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"posterior\" "
                + "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">", W, H + 20 * lines.size(), W,
                H + 20 * lines.size()));
        s.append("<title>posterior of the top candidates per update</title>");
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"10\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#999\"/>", LEFT, W - LEFT - 10, H - BOTTOM - 10));
        for (double tick : new double[] {0, 0.5, 1}) {
            double y = y(tick);
            s.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%.1f\" font-size=\"11\">%.1f</text>", y + 4, tick));
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>",
                    LEFT, W - 10, y, y));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">update 1 .. %d</text>",
                LEFT, H - 6, n));
        for (int c = 0; c < lines.size(); c++) {
            String cand = lines.get(c);
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < n; i++) {
                double p = updates.get(i).probabilities().getOrDefault(cand, 0.0);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + i * dx, y(p)));
            }
            String colour = COLOURS[c % COLOURS.length];
            s.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(colour).append("\" points=\"")
                    .append(pts.toString().strip()).append("\"><title>").append(Html.esc(cand))
                    .append("</title></polyline>");
            if (n == 1) {
                s.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", LEFT,
                        y(updates.get(0).probabilities().getOrDefault(cand, 0.0)), colour));
            }
            int ly = H + 20 * c + 4;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>",
                    LEFT, ly, colour));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" class=\"candidate\">",
                    LEFT + 18, ly + 11)).append(Html.esc(cand))
                    .append(String.format(Locale.ROOT, " (final %.3f)</text>",
                            updates.get(n - 1).probabilities().getOrDefault(cand, 0.0)));
        }
        s.append("</svg>");
        return s.toString();
    }

    private static double y(double p) {
        return 10 + (1 - p) * (H - BOTTOM - 10);
    }
}
