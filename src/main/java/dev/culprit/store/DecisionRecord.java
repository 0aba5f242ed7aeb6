package dev.culprit.store;

import java.util.Objects;

/**
 * One decision of the engine ("bad 1a2b..", "start", "found"), in the order it was made.
 *
 * @param bisectionId the bisection
 * @param seq         its position among the bisection's decisions, from 0: a replay re-makes the same decisions
 *                    in the same order, so (bisection, seq) identifies one
 * @param kind        what was decided ("good", "bad", "skip", "start", ...)
 * @param commit      the commit it is about, "" when none
 * @param detail      the rest, free text
 */
public record DecisionRecord(long bisectionId, int seq, String kind, String commit, String detail) {
    public DecisionRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(detail, "detail");
    }
}
