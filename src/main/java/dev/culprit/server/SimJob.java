package dev.culprit.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.culprit.bisect.BisectLog;
import dev.culprit.sim.Scenario;
import dev.culprit.sim.Scenarios;
import dev.culprit.sim.Simulation;
import dev.culprit.sim.Trial;
import dev.culprit.store.BisectionRecord;
import dev.culprit.store.BisectionState;
import dev.culprit.store.Store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sim job: one trial of a simulated history through the real engine, journaled like a bisection (its log and
 * result), so that the dashboard shows it like any other. Quick: what the load test queues by the dozen.
 */
final class SimJob {
    private SimJob() {
    }

    static String run(ClaimedJob job, Store journal) throws JsonProcessingException {
        JsonNode s = job.spec();
        Scenario scenario = Scenarios.builtIn(s.path("scenario").asText());
        String spec = s.toString();
        String hash = sha256("sim\n" + spec);
        BisectionRecord b = journal.latestBisection(hash).orElseGet(() -> journal.createBisection(hash, spec,
                "sim " + scenario.name()));
        int attempt = journal.beginAttempt(b.id(), Optional.empty());
        AtomicInteger seq = new AtomicInteger();
        BisectLog log = line -> journal.appendLog(b.id(), attempt, seq.getAndIncrement(), line);
        Trial t = new Simulation().trial(scenario, s.path("strategy").asText("bayes"), s.path("trial").asInt(0),
                s.path("seed").asLong(1), log);
        String result = JournalCodec.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(t);
        journal.setResult(b.id(), BisectionState.DONE, result);
        return result;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }
}
