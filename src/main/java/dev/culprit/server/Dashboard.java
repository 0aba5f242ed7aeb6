package dev.culprit.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.culprit.store.BuildRecord;
import dev.culprit.store.JobRecord;
import dev.culprit.store.QueueStore;
import dev.culprit.store.RunRecord;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static dev.culprit.server.Html.esc;

/**
 * The server-rendered pages: usable without JavaScript (a running job's page refreshes itself with a meta tag).
 * Every stored text goes through {@link Html#esc}: titles, commit messages and logs come from the code under test.
 */
final class Dashboard {
    private static final String STYLE = "body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}"
            + "td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;font-size:13px}"
            + "pre{background:#f6f6f6;padding:8px;overflow-x:auto;font-size:12px}"
            + ".state-done{color:#060}.state-failed,.state-cancelled{color:#a00}.state-running{color:#06a}";

    private final QueueStore store;
    private final Clock clock;

    Dashboard(QueueStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    String jobs(int limit) {
        List<JobRecord> jobs = store.jobs(limit);
        StringBuilder b = page("culprit: jobs", jobs.stream().anyMatch(j -> !j.state().finished()));
        b.append("<h1>Jobs</h1><table id=\"jobs\"><tr><th>job</th><th>kind</th><th>what</th><th>state</th>"
                + "<th>verdict</th><th>culprit</th><th>confidence</th><th>elapsed</th><th>claims</th></tr>");
        for (JobRecord j : jobs) {
            Optional<ResultView> r = ResultView.of(j.result());
            b.append("<tr class=\"job\"><td><a href=\"/jobs/").append(j.id()).append("\">").append(j.id())
                    .append("</a></td><td>").append(esc(j.kind())).append("</td><td>").append(esc(j.summary()))
                    .append("</td><td class=\"state-").append(esc(j.state().word())).append("\">")
                    .append(esc(j.state().word())).append("</td><td>")
                    .append(esc(r.map(ResultView::verdict).orElse("-"))).append("</td><td>")
                    .append(esc(r.flatMap(ResultView::culprit).map(Dashboard::abbrev).orElse("-"))).append(' ')
                    .append(esc(r.map(ResultView::title).orElse(""))).append("</td><td>")
                    .append(r.flatMap(ResultView::confidence).map(Dashboard::percent).orElse("-")).append("</td><td>")
                    .append(esc(elapsed(j))).append("</td><td>").append(j.claims()).append("</td></tr>");
        }
        b.append("</table><p><a href=\"/openapi.json\">API (OpenAPI)</a></p>");
        return end(b);
    }

    Optional<String> job(long id) {
        Optional<JobRecord> found = store.job(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        JobRecord j = found.get();
        List<String> log = j.bisectionId().map(store::log).orElse(List.of());
        Optional<ResultView> r = ResultView.of(j.result());
        StringBuilder b = page("culprit: job " + id, !j.state().finished());
        b.append("<p><a href=\"/\">all jobs</a></p><h1>Job ").append(id).append(": ").append(esc(j.summary()))
                .append("</h1><table id=\"facts\">");
        row(b, "state", "<span id=\"state\" class=\"state-" + esc(j.state().word()) + "\">" + esc(j.state().word())
                + "</span>");
        row(b, "verdict", "<span id=\"verdict\">" + esc(r.map(ResultView::verdict).orElse("-")) + "</span>");
        row(b, "culprit", "<span id=\"culprit\">" + esc(r.flatMap(ResultView::culprit).orElse("-")) + "</span> "
                + "<span id=\"culprit-title\">" + esc(r.map(ResultView::title).orElse("")) + "</span>");
        row(b, "confidence", r.flatMap(ResultView::confidence).map(Dashboard::percent).orElse("-"));
        row(b, "elapsed", esc(elapsed(j)));
        r.map(ResultView::time).filter(JsonNode::isObject).ifPresent(t -> row(b, "time",
                esc(String.format(Locale.ROOT, "total %.1fs (build %.1fs, test %.1fs)", t.path("total").asDouble(),
                        t.path("build").asDouble(), t.path("test").asDouble()))));
        row(b, "claims", Integer.toString(j.claims()) + (j.claims() > 1 ? " (resumed by another worker)" : ""));
        row(b, "worker", esc(j.leaseOwner().orElse("-")));
        if (!j.error().isEmpty()) {
            row(b, "error", "<span id=\"error\">" + esc(j.error()) + "</span>");
        }
        row(b, "spec", "<code>" + esc(j.spec()) + "</code>");
        b.append("</table>");

        String svg = PosteriorPlot.svg(PosteriorPlot.parse(log));
        b.append("<h2>Posterior</h2>").append(svg.isEmpty() ? "<p>no posterior yet</p>" : svg);

        b.append("<h2>Tested commits</h2>");
        steps(b, j, r);

        int report = -1;
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).endsWith(" is the first bad commit")) {
                report = i;
            }
        }
        if (report >= 0) {
            b.append("<h2>Culprit report</h2><pre id=\"report\">");
            log.subList(report, log.size()).forEach(l -> b.append(esc(l)).append('\n'));
            b.append("</pre>");
        }
        b.append("<h2>Log</h2><p><a href=\"/api/jobs/").append(id).append("/log?follow=true\">follow</a></p>")
                .append("<pre id=\"log\">");
        log.forEach(l -> b.append(esc(l)).append('\n'));
        b.append("</pre>");
        return Optional.of(end(b));
    }

    /** The steps of the result when there is one, else what the journal holds so far (no verdicts yet). */
    private void steps(StringBuilder b, JobRecord j, Optional<ResultView> r) {
        b.append("<table id=\"steps\"><tr><th>commit</th><th>signature</th><th>runs</th><th>outcomes</th>"
                + "<th>verdict</th><th>reused</th><th>build</th><th>test</th></tr>");
        JsonNode steps = r.map(ResultView::steps).orElse(null);
        if (steps != null && steps.isArray()) {
            for (JsonNode s : steps) {
                List<String> outcomes = new ArrayList<>();
                s.path("outcomes").forEach(o -> outcomes.add(o.asText()));
                stepRow(b, s.path("commit").asText(), s.path("signature").asText(""), outcomes,
                        s.path("verdict").asText(""), s.path("reused").asBoolean(),
                        s.path("buildSeconds").asDouble(), s.path("testSeconds").asDouble());
            }
        } else if (j.bisectionId().isPresent()) {
            long bid = j.bisectionId().get();
            List<RunRecord> runs = store.runs(bid);
            for (BuildRecord build : store.builds(bid)) {
                List<String> outcomes = new ArrayList<>();
                double test = 0;
                for (RunRecord run : runs) {
                    if (run.commit().equals(build.commit())) {
                        outcomes.add(run.title().isEmpty() ? run.outcome() : run.outcome() + ": " + run.title());
                        test += run.duration().toMillis() / 1000.0;
                    }
                }
                stepRow(b, build.commit(), build.signature().orElse(build.ok() ? "" : "build failed"), outcomes, "",
                        build.reusedFrom().isPresent(), build.duration().toMillis() / 1000.0, test);
            }
        }
        b.append("</table>");
    }

    private static void stepRow(StringBuilder b, String commit, String signature, List<String> outcomes,
                                String verdict, boolean reused, double build, double test) {
        b.append("<tr class=\"step\"><td><code>").append(esc(abbrev(commit))).append("</code></td><td><code>")
                .append(esc(abbrev(signature))).append("</code></td><td>").append(outcomes.size()).append("</td><td>")
                .append(esc(summarise(outcomes))).append("</td><td>").append(esc(verdict)).append("</td><td>")
                .append(reused ? "yes" : "no").append("</td><td>")
                .append(String.format(Locale.ROOT, "%.1fs", build)).append("</td><td>")
                .append(String.format(Locale.ROOT, "%.1fs", test)).append("</td></tr>");
    }

    /** "3x ok, 1x crashed: KASAN ..." */
    private static String summarise(List<String> outcomes) {
        java.util.Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        outcomes.forEach(o -> counts.merge(o, 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((o, c) -> parts.add(c + "x " + o));
        return String.join(", ", parts);
    }

    private String elapsed(JobRecord j) {
        if (j.started().isEmpty()) {
            return "-";
        }
        Instant end = j.finished().orElse(clock.instant());
        Duration d = Duration.between(j.started().get(), end);
        return d.toHours() > 0 ? String.format(Locale.ROOT, "%dh%02dm", d.toHours(), d.toMinutesPart())
                : String.format(Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }

    private static String abbrev(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }

    private static String percent(double p) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * p);
    }

    private static void row(StringBuilder b, String name, String html) {
        b.append("<tr><th>").append(esc(name)).append("</th><td>").append(html).append("</td></tr>");
    }

    private static StringBuilder page(String title, boolean refresh) {
        StringBuilder b = new StringBuilder(4096);
        b.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title>");
        if (refresh) {
            // No JavaScript needed to watch a job: the page reloads itself while something is still running.
            b.append("<meta http-equiv=\"refresh\" content=\"2\">");
        }
        b.append("<style>").append(STYLE).append("</style></head><body>");
        return b;
    }

    private static String end(StringBuilder b) {
        return b.append("</body></html>").toString();
    }
}
