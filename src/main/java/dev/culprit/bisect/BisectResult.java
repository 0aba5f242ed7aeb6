package dev.culprit.bisect;

import java.time.Duration;
import java.util.List;

/**
 * Everything a bisection found, for the log, the JSON file and the store.
 *
 * @param outcome         the verdict
 * @param mode            cause or fix
 * @param startCommit     where the crash was first reproduced (--bad)
 * @param culprits        the answer: one commit when found, else the candidates (may be empty)
 * @param confidence      probability that the first culprit is right
 * @param flags           noop-change, merge, confused-by-other-crash, release
 * @param targetTitle     the crash chased ("" when not reproduced)
 * @param reason          why there is no single culprit ("" when found)
 * @param revisionsTested distinct commits built
 * @param builds          builds done
 * @param runs            test runs done
 * @param total           wall time
 * @param build           time spent building
 * @param test            time spent running tests
 * @param steps           every tested commit, in order
 * @param crashReport     the report text of the culprit's crash, or the target's ("" if none)
 * @param span            the wall time the steps take as scheduled, from their build and run durations: lanes side
 *                        by side, a lane's steps one after another, a wave of runs as long as its longest run (for
 *                        a simulated history, its simulated wall time)
 * @param pruned          commits of the range never built, tested or blamed because they cannot change the binary
 */
public record BisectResult(Outcome outcome, Mode mode, String startCommit, List<Culprit> culprits, double confidence,
                           List<String> flags, String targetTitle, String reason, int revisionsTested, int builds,
                           int runs, Duration total, Duration build, Duration test, List<Step> steps,
                           String crashReport, Duration span, int pruned) {
    public BisectResult {
        culprits = List.copyOf(culprits);
        flags = List.copyOf(flags);
        steps = List.copyOf(steps);
    }

    /** A result without pruning. */
    public BisectResult(Outcome outcome, Mode mode, String startCommit, List<Culprit> culprits, double confidence,
                        List<String> flags, String targetTitle, String reason, int revisionsTested, int builds,
                        int runs, Duration total, Duration build, Duration test, List<Step> steps,
                        String crashReport, Duration span) {
        this(outcome, mode, startCommit, culprits, confidence, flags, targetTitle, reason, revisionsTested, builds,
                runs, total, build, test, steps, crashReport, span, 0);
    }

    /**
     * One culprit or candidate. {@code hash} is null for "outside the range".
     *
     * @param title the commit's subject line
     */
    public record Culprit(String hash, String title, String author, String date, double probability) {
    }

    /**
     * One tested commit.
     *
     * @param outcomes one text per run made at this step ("OK", "crashed: ...")
     * @param verdict  good, bad or skip in crash terms (bad = the crash is there)
     */
    public record Step(String commit, String phase, String signature, boolean reused, List<String> outcomes,
                       String verdict, Duration buildTime, Duration testTime) {
        public Step {
            outcomes = List.copyOf(outcomes);
        }
    }
}
