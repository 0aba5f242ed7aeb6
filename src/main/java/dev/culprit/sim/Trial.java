package dev.culprit.sim;

import dev.culprit.bisect.BisectResult;
import dev.culprit.bisect.Outcome;

import java.util.List;
import java.util.Objects;

/**
 * One simulated bisection and how it did against the truth.
 *
 * @param scenario     the scenario's name
 * @param strategy     {@code bayes} or {@code classic}
 * @param index        the trial's number (same number, same world for every strategy)
 * @param seed         the trial's seed
 * @param truth        the commit that is the right answer ({@code null} when the right answer is "already at the
 *                     good end" or "not fixed")
 * @param expected     what a right answer looks like: {@code culprit}, {@code crashes-on-oldest}, {@code not-fixed}
 * @param identifiable whether the truth can be pinned to one commit (it and its parents can show the target)
 * @param outcome      the engine's verdict label
 * @param answer       the first culprit reported ("" when none)
 * @param candidates   every commit reported
 * @param confidence   the confidence stated with the answer
 * @param right        see {@link #judge}
 * @param builds       builds done
 * @param runs         test runs done
 * @param buildMinutes simulated build minutes
 * @param testMinutes  simulated test minutes (runs of one commit run in parallel on the VM slots)
 * @param wallMinutes  simulated wall minutes: the engine's schedule, lanes side by side
 * @param flags        the result's flags
 */
public record Trial(String scenario, String strategy, int index, long seed, String truth, String expected,
                    boolean identifiable, String outcome, String answer, List<String> candidates, double confidence,
                    boolean right, int builds, int runs, double buildMinutes, double testMinutes,
                    double wallMinutes, List<String> flags) {

    public Trial {
        candidates = List.copyOf(candidates);
        flags = List.copyOf(flags);
    }

    /** Wall time in hours: a lane's builds and tests follow each other; lanes work side by side. */
    public double wallHours() {
        return wallMinutes / 60.0;
    }

    /** A wrong answer stated with confidence of at least 0.95: the failure users hate most. */
    public boolean confidentWrong() {
        return !right && confidence >= 0.95;
    }

    /**
     * The judging rule of issue 4. When the truth is a commit that can be pinned down, only FOUND with exactly
     * it is right. When it cannot (it or a parent is masked, fails to build or to boot), an inconclusive answer
     * whose candidates hold it is right too; a single wrong commit stays wrong. When the crash was already there
     * at the good end, only crashes-on-oldest is right; when the fix is not in the range, anything but FOUND is.
     */
    static boolean judge(String expected, String truth, boolean identifiable, BisectResult r) {
        Outcome o = r.outcome();
        switch (expected) {
            case "crashes-on-oldest":
                return o == Outcome.CRASHES_ON_OLDEST;
            case "not-fixed":
                return o != Outcome.FOUND;
            default:
                Objects.requireNonNull(truth, "truth");
                if (o == Outcome.FOUND) {
                    return truth.equals(r.culprits().get(0).hash());
                }
                return !identifiable && o == Outcome.INCONCLUSIVE
                        && r.culprits().stream().anyMatch(c -> truth.equals(c.hash()));
        }
    }
}
