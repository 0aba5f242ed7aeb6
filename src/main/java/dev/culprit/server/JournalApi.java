package dev.culprit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.culprit.store.BisectionRecord;
import dev.culprit.store.BisectionState;
import dev.culprit.store.QueueStore;

import java.util.Optional;
import java.util.Set;

import static dev.culprit.server.JournalCodec.text;

/**
 * The server's side of {@link HttpStore}: one operation of {@link dev.culprit.store.Store} per call, by name, with
 * its arguments as a JSON object. A call made for a job (the worker's lease in the request) that writes is
 * refused unless the lease is still the job's, so a worker presumed dead cannot write over its successor.
 */
final class JournalApi {
    /** The operations that change the journal: fenced by the job's lease. */
    static final Set<String> WRITES = Set.of("createBisection", "setState", "setResult", "setLogPath", "recordBuild",
            "recordRun", "recordDecision", "beginAttempt", "appendLog");

    /** The lease a worker's calls carry. */
    record Lease(long jobId, String leaseId) {
    }

    /** The lease named in a write is no longer the job's. */
    static final class LeaseLost extends RuntimeException {
        LeaseLost(long jobId) {
            super("job " + jobId + " is no longer leased to this worker (expired, taken over or cancelled)");
        }
    }

    /** The operation does not exist. */
    static final class UnknownOperation extends RuntimeException {
        UnknownOperation(String op) {
            super("no journal operation '" + op + "'");
        }
    }

    private final QueueStore store;

    JournalApi(QueueStore store) {
        this.store = store;
    }

    JsonNode call(String op, JsonNode a, Optional<Lease> lease) {
        if (lease.isPresent() && WRITES.contains(op) && !store.holdsLease(lease.get().jobId(), lease.get().leaseId())) {
            throw new LeaseLost(lease.get().jobId());
        }
        return switch (op) {
            case "schemaVersion" -> IntNode.valueOf(store.schemaVersion());
            case "createBisection" -> {
                BisectionRecord b = store.createBisection(text(a, "specHash"), text(a, "spec"), text(a, "summary"));
                lease.ifPresent(l -> store.linkBisection(l.jobId(), b.id()));
                yield JournalCodec.bisection(b);
            }
            case "latestBisection" -> JournalCodec.optional(store.latestBisection(text(a, "specHash")),
                    JournalCodec::bisection);
            case "bisection" -> JournalCodec.optional(store.bisection(id(a, "id")), JournalCodec::bisection);
            case "bisections" -> JournalCodec.list(store.bisections(), JournalCodec::bisection);
            case "setState" -> {
                store.setState(id(a, "id"), BisectionState.of(text(a, "state")));
                yield NullNode.getInstance();
            }
            case "setResult" -> {
                store.setResult(id(a, "id"), BisectionState.of(text(a, "state")), text(a, "result"));
                yield NullNode.getInstance();
            }
            case "setLogPath" -> {
                store.setLogPath(id(a, "id"), text(a, "logPath"));
                yield NullNode.getInstance();
            }
            case "recordBuild" -> JournalCodec.build(store.recordBuild(JournalCodec.build(required(a, "build"))));
            case "build" -> JournalCodec.optional(store.build(id(a, "bisectionId"), text(a, "commit")),
                    JournalCodec::build);
            case "reusableBuild" -> JournalCodec.optional(store.reusableBuild(JournalCodec.key(required(a, "key"))),
                    JournalCodec::build);
            case "builds" -> JournalCodec.list(store.builds(id(a, "bisectionId")), JournalCodec::build);
            case "recordRun" -> JournalCodec.run(store.recordRun(JournalCodec.run(required(a, "run"))));
            case "run" -> JournalCodec.optional(store.run(id(a, "bisectionId"), text(a, "commit"), index(a)),
                    JournalCodec::run);
            case "reusableRun" -> JournalCodec.optional(store.reusableRun(JournalCodec.key(required(a, "key")),
                    text(a, "testKey"), index(a)), JournalCodec::run);
            case "runs" -> JournalCodec.list(store.runs(id(a, "bisectionId")), JournalCodec::run);
            case "recordDecision" -> {
                store.recordDecision(JournalCodec.decision(required(a, "decision")));
                yield NullNode.getInstance();
            }
            case "decisions" -> JournalCodec.list(store.decisions(id(a, "bisectionId")), JournalCodec::decision);
            case "beginAttempt" -> {
                long id = id(a, "bisectionId");
                int attempt = store.beginAttempt(id, JournalCodec.optional(a.get("owner"), JournalCodec::owner));
                // A resumed bisection is found by its spec, not created: the attempt says which one the job runs.
                lease.ifPresent(l -> store.linkBisection(l.jobId(), id));
                yield IntNode.valueOf(attempt);
            }
            case "owner" -> JournalCodec.optional(store.owner(id(a, "bisectionId")), JournalCodec::owner);
            case "appendLog" -> {
                store.appendLog(id(a, "bisectionId"), intField(a, "attempt"), intField(a, "seq"), text(a, "line"));
                yield NullNode.getInstance();
            }
            case "log" -> {
                var lines = JournalCodec.MAPPER.createArrayNode();
                store.log(id(a, "bisectionId")).forEach(l -> lines.add(TextNode.valueOf(l)));
                yield lines;
            }
            default -> throw new UnknownOperation(op);
        };
    }

    private static JsonNode required(JsonNode a, String field) {
        JsonNode v = a.get(field);
        if (v == null || !v.isObject()) {
            throw new IllegalArgumentException("field '" + field + "' must be an object");
        }
        return v;
    }

    private static long id(JsonNode a, String field) {
        JsonNode v = a.get(field);
        if (v == null || !v.canConvertToLong()) {
            throw new IllegalArgumentException("field '" + field + "' must be a number");
        }
        return v.asLong();
    }

    private static int intField(JsonNode a, String field) {
        JsonNode v = a.get(field);
        if (v == null || !v.canConvertToInt()) {
            throw new IllegalArgumentException("field '" + field + "' must be a number");
        }
        return v.asInt();
    }

    private static int index(JsonNode a) {
        return intField(a, "index");
    }
}
