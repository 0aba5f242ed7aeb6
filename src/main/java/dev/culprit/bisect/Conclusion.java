package dev.culprit.bisect;

import java.util.List;

/**
 * A strategy's final answer.
 *
 * @param outcome    the verdict
 * @param candidates the answer: one commit when found, else the commits it could be (most likely first)
 * @param confidence probability that the first candidate is the answer (classic: 1 or 0, it does not know)
 * @param reason     one line for the log when the outcome is not FOUND, else ""
 */
public record Conclusion(Outcome outcome, List<Candidate> candidates, double confidence, String reason) {
    public Conclusion {
        candidates = List.copyOf(candidates);
    }
}
