package dev.culprit.server;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Job specs the bench and tests queue. */
public final class LocalFleetJson {
    private LocalFleetJson() {
    }

    /** A sim job: trial {@code i} of the scenario, seed 1. */
    public static ObjectNode sim(String scenario, int i) {
        return JournalCodec.object().put("kind", "sim").put("scenario", scenario).put("seed", 1).put("trial", i);
    }
}
