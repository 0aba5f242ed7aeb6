package dev.culprit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.culprit.store.ArtifactEntry;
import dev.culprit.store.AttemptOwner;
import dev.culprit.store.BisectionRecord;
import dev.culprit.store.BisectionState;
import dev.culprit.store.BuildKey;
import dev.culprit.store.BuildRecord;
import dev.culprit.store.DecisionRecord;
import dev.culprit.store.RunRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The journal's records as JSON, both ways: what {@link HttpStore} sends and {@link JournalApi} answers. Written
 * out field by field (no reflection) so that the wire format is visible here and a record change breaks the
 * build instead of the fleet. Durations travel as nanoseconds, instants as epoch milliseconds.
 */
final class JournalCodec {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private JournalCodec() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    // ---- bisections

    static JsonNode bisection(BisectionRecord b) {
        ObjectNode n = object();
        n.put("id", b.id());
        n.put("specHash", b.specHash());
        n.put("spec", b.spec());
        n.put("summary", b.summary());
        n.put("state", b.state().word());
        putOpt(n, "result", b.result());
        putOpt(n, "logPath", b.logPath());
        n.put("createdMs", b.created().toEpochMilli());
        n.put("updatedMs", b.updated().toEpochMilli());
        return n;
    }

    static BisectionRecord bisection(JsonNode n) {
        return new BisectionRecord(n.path("id").asLong(), text(n, "specHash"), text(n, "spec"), text(n, "summary"),
                BisectionState.of(text(n, "state")), opt(n, "result"), opt(n, "logPath"),
                Instant.ofEpochMilli(n.path("createdMs").asLong()), Instant.ofEpochMilli(n.path("updatedMs").asLong()));
    }

    // ---- builds

    static JsonNode key(BuildKey k) {
        ObjectNode n = object();
        n.put("repository", k.repository());
        n.put("commit", k.commit());
        n.put("configHash", k.configHash());
        n.put("compiler", k.compiler());
        n.put("buildCommand", k.buildCommand());
        return n;
    }

    static BuildKey key(JsonNode n) {
        return new BuildKey(text(n, "repository"), text(n, "commit"), text(n, "configHash"), text(n, "compiler"),
                text(n, "buildCommand"));
    }

    static JsonNode build(BuildRecord b) {
        ObjectNode n = object();
        n.put("id", b.id());
        n.put("bisectionId", b.bisectionId());
        n.set("key", key(b.key()));
        n.put("ok", b.ok());
        putOpt(n, "signature", b.signature());
        n.put("durationNs", b.duration().toNanos());
        n.put("errorSummary", b.errorSummary());
        putOpt(n, "logPath", b.logPath());
        putOptLong(n, "reusedFrom", b.reusedFrom());
        return n;
    }

    static BuildRecord build(JsonNode n) {
        return new BuildRecord(n.path("id").asLong(), n.path("bisectionId").asLong(), key(n.path("key")),
                n.path("ok").asBoolean(), opt(n, "signature"), Duration.ofNanos(n.path("durationNs").asLong()),
                text(n, "errorSummary"), opt(n, "logPath"), optLong(n, "reusedFrom"));
    }

    // ---- runs

    static JsonNode run(RunRecord r) {
        ObjectNode n = object();
        n.put("id", r.id());
        n.put("bisectionId", r.bisectionId());
        n.put("buildId", r.buildId());
        n.put("commit", r.commit());
        n.put("index", r.index());
        n.put("testKey", r.testKey());
        n.put("outcome", r.outcome());
        n.put("title", r.title());
        n.put("detail", r.detail());
        n.put("durationNs", r.duration().toNanos());
        putOpt(n, "consolePath", r.consolePath());
        putOptLong(n, "reusedFrom", r.reusedFrom());
        return n;
    }

    static RunRecord run(JsonNode n) {
        return new RunRecord(n.path("id").asLong(), n.path("bisectionId").asLong(), n.path("buildId").asLong(),
                text(n, "commit"), n.path("index").asInt(), text(n, "testKey"), text(n, "outcome"), text(n, "title"),
                text(n, "detail"), Duration.ofNanos(n.path("durationNs").asLong()), opt(n, "consolePath"),
                optLong(n, "reusedFrom"));
    }

    // ---- decisions, owners, artifacts

    static JsonNode decision(DecisionRecord d) {
        ObjectNode n = object();
        n.put("bisectionId", d.bisectionId());
        n.put("seq", d.seq());
        n.put("kind", d.kind());
        n.put("commit", d.commit());
        n.put("detail", d.detail());
        return n;
    }

    static DecisionRecord decision(JsonNode n) {
        return new DecisionRecord(n.path("bisectionId").asLong(), n.path("seq").asInt(), text(n, "kind"),
                text(n, "commit"), text(n, "detail"));
    }

    static JsonNode owner(AttemptOwner o) {
        ObjectNode n = object();
        n.put("pid", o.pid());
        n.put("host", o.host());
        n.put("startedMs", o.started().toEpochMilli());
        return n;
    }

    static AttemptOwner owner(JsonNode n) {
        return new AttemptOwner(n.path("pid").asLong(), text(n, "host"),
                Instant.ofEpochMilli(n.path("startedMs").asLong()));
    }

    static JsonNode artifact(ArtifactEntry a) {
        ObjectNode n = object();
        n.put("signature", a.signature());
        n.put("bytes", a.bytes());
        n.put("lastUsedMs", a.lastUsed().toEpochMilli());
        return n;
    }

    static ArtifactEntry artifact(JsonNode n) {
        return new ArtifactEntry(text(n, "signature"), n.path("bytes").asLong(),
                Instant.ofEpochMilli(n.path("lastUsedMs").asLong()));
    }

    // ---- helpers

    static <T> JsonNode optional(Optional<T> v, Function<T, JsonNode> enc) {
        return v.map(enc).orElse(NullNode.getInstance());
    }

    static <T> Optional<T> optional(JsonNode n, Function<JsonNode, T> dec) {
        return n == null || n.isNull() || n.isMissingNode() ? Optional.empty() : Optional.of(dec.apply(n));
    }

    static <T> ArrayNode list(List<T> items, Function<T, JsonNode> enc) {
        ArrayNode a = MAPPER.createArrayNode();
        items.forEach(i -> a.add(enc.apply(i)));
        return a;
    }

    static <T> List<T> list(JsonNode n, Function<JsonNode, T> dec) {
        List<T> out = new ArrayList<>();
        n.forEach(e -> out.add(dec.apply(e)));
        return out;
    }

    /** A required text field; a missing one is a malformed request, not an empty string. */
    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string");
        }
        return v.asText();
    }

    private static Optional<String> opt(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    private static Optional<Long> optLong(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asLong());
    }

    private static void putOpt(ObjectNode n, String field, Optional<String> v) {
        if (v.isPresent()) {
            n.put(field, v.get());
        } else {
            n.putNull(field);
        }
    }

    private static void putOptLong(ObjectNode n, String field, Optional<Long> v) {
        if (v.isPresent()) {
            n.put(field, v.get());
        } else {
            n.putNull(field);
        }
    }
}
