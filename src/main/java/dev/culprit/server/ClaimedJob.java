package dev.culprit.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Objects;

/**
 * A job a worker holds: what to run and the lease that lets it write.
 *
 * @param id      the job
 * @param kind    "bisect" or "sim"
 * @param spec    the checked spec
 * @param leaseId the lease; every journal write carries it
 * @param lease   how long the lease lasts without a heartbeat
 */
public record ClaimedJob(long id, String kind, JsonNode spec, String leaseId, Duration lease) {
    public ClaimedJob {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(leaseId, "leaseId");
        Objects.requireNonNull(lease, "lease");
    }
}
