package dev.culprit.bisect;

/**
 * A possible answer and its probability. {@code hash} is null for the hypothesis "not inside the range"
 * (the crash was already there at the good end, or the fix is not before the head).
 */
public record Candidate(String hash, double probability) {
    public boolean outsideRange() {
        return hash == null;
    }
}
