package dev.culprit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.util.Optional;

/**
 * The facts the dashboard shows from a job's result JSON: a bisect result ({@code culprit bisect --json}) or a
 * sim trial. Anything missing shows as "-".
 *
 * @param verdict     the outcome label
 * @param culprit     the first culprit's hash, when there is one
 * @param title       its commit title (untrusted text)
 * @param confidence  the stated confidence, when there is one
 * @param steps       the tested commits (bisect results), else a missing node
 * @param time        total, build and test seconds (bisect results), else a missing node
 */
record ResultView(String verdict, Optional<String> culprit, String title, Optional<Double> confidence, JsonNode steps,
                  JsonNode time) {

    static Optional<ResultView> of(Optional<String> json) {
        if (json.isEmpty()) {
            return Optional.empty();
        }
        JsonNode n;
        try {
            n = JournalCodec.MAPPER.readTree(json.get());
        } catch (IOException e) {
            return Optional.empty();
        }
        if (n.has("verdict")) {
            JsonNode first = n.path("culprits").path(0);
            return Optional.of(new ResultView(n.path("verdict").asText(), text(first.path("hash")),
                    first.path("title").asText(""), number(n.path("confidence")), n.path("steps"), n.path("time")));
        }
        return Optional.of(new ResultView(n.path("outcome").asText("-"), text(n.path("answer")), "",
                number(n.path("confidence")), MissingNode.getInstance(), MissingNode.getInstance()));
    }

    private static Optional<String> text(JsonNode n) {
        return n.isTextual() && !n.asText().isEmpty() ? Optional.of(n.asText()) : Optional.empty();
    }

    private static Optional<Double> number(JsonNode n) {
        return n.isNumber() ? Optional.of(n.asDouble()) : Optional.empty();
    }
}
