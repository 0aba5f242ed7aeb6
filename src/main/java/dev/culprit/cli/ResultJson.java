package dev.culprit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.culprit.bisect.BisectResult;

/**
 * The machine-readable result. Field names are a public interface: scripts depend on them.
 */
final class ResultJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultJson() {
    }

    static String render(BisectResult r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("verdict", r.outcome().label());
        root.put("mode", r.mode().name().toLowerCase());
        root.put("startCommit", r.startCommit());
        ArrayNode culprits = root.putArray("culprits");
        for (BisectResult.Culprit c : r.culprits()) {
            ObjectNode n = culprits.addObject();
            n.put("hash", c.hash());
            n.put("title", c.title());
            n.put("author", c.author());
            n.put("date", c.date());
            putNumber(n, "probability", c.probability());
        }
        putNumber(root, "confidence", r.confidence());
        ArrayNode flags = root.putArray("flags");
        r.flags().forEach(flags::add);
        root.put("targetTitle", r.targetTitle());
        root.put("reason", r.reason());
        root.put("revisionsTested", r.revisionsTested());
        root.put("builds", r.builds());
        root.put("runs", r.runs());
        root.put("pruned", r.pruned());
        ObjectNode time = root.putObject("time");
        time.put("total", seconds(r.total()));
        time.put("build", seconds(r.build()));
        time.put("test", seconds(r.test()));
        ArrayNode steps = root.putArray("steps");
        for (BisectResult.Step s : r.steps()) {
            ObjectNode n = steps.addObject();
            n.put("commit", s.commit());
            n.put("phase", s.phase());
            n.put("signature", s.signature());
            n.put("reused", s.reused());
            ArrayNode outcomes = n.putArray("outcomes");
            s.outcomes().forEach(outcomes::add);
            n.put("verdict", s.verdict());
            n.put("buildSeconds", seconds(s.buildTime()));
            n.put("testSeconds", seconds(s.testTime()));
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render the result as JSON", e);
        }
    }

    private static void putNumber(ObjectNode n, String field, double v) {
        if (Double.isNaN(v)) {
            n.putNull(field);
        } else {
            n.put(field, Math.round(v * 1e6) / 1e6);
        }
    }

    private static double seconds(java.time.Duration d) {
        return d.toMillis() / 1000.0;
    }
}
