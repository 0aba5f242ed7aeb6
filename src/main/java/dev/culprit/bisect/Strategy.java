package dev.culprit.bisect;

/**
 * How a bisection decides: how many runs a commit needs, what the runs mean, which commit comes next and
 * when to stop. The engine ({@link Bisection}) does the building, running and logging; a strategy only
 * reads the {@link Evidence}.
 */
public interface Strategy {

    /** {@code classic} or {@code bayes}. */
    String name();

    /**
     * How many more runs the commit needs now; 0 when it has enough. Called before each wave of runs.
     * The evidence of a failed build is never asked about.
     */
    int runsWanted(TestedCommit commit, Phase phase);

    /** The judgement of a commit after its runs. */
    Verdict judge(TestedCommit commit, Phase phase);

    /** The ends of the range are known: the search starts. */
    void begin(SearchSpace space);

    /** The next commits to test ({@code slots} at most), or the conclusion. */
    Decision next(int slots);

    /**
     * Whether the user's good commits are tested before the search starts (syzbot's order). A strategy that models
     * "the crash was already there at the good end" as a hypothesis can leave that test to the search, which
     * then makes it only when the answer lies near the good end; the release walk may also start its search from
     * a release that is clean but not yet certainly so.
     */
    default boolean testsGoodEndsFirst() {
        return true;
    }

    /**
     * What this strategy expects after {@code testing}: the commits it would test next and the answer its likelier
     * outcome would settle, so the engine can build them while {@code testing}'s runs go on. {@link Lookahead#NONE}:
     * no guess.
     */
    default Lookahead lookahead(String testing) {
        return Lookahead.NONE;
    }

    /**
     * The commit this strategy would test first on a fresh search of {@code space}, asked before the search begins
     * (while the release walk's last release runs) so it can be built meanwhile; empty when it cannot say. It must
     * not change the strategy's own state.
     */
    default java.util.Optional<String> firstChoice(SearchSpace space) {
        return java.util.Optional.empty();
    }

    /**
     * These commits are built (ahead, during earlier runs) and untested: testing one of them next costs no build,
     * which a strategy may weigh against a slightly better split elsewhere.
     */
    default void buildsReady(java.util.Set<String> commits) {
    }

    /** A commit of the search was tested (built and run, or failed to build). */
    void recorded(TestedCommit commit);

    /** The answer now, when the search has to stop early (the build budget is spent). */
    Conclusion concludeNow(String reason);

    /** A line describing the strategy's current belief for the log ({@code posterior: ...}), or "". */
    String beliefLine();

    /**
     * Verification built the starting commit with {@code commit}'s change taken out (a cause culprit reverted, or
     * a fix applied) and ran it: {@code targetRuns} runs showed the target, {@code okRuns} were clean. Under the
     * hypothesis that {@code commit} is the answer that tree is free of the bug; under every other it is not.
     * Strategies that cannot use such evidence ignore it.
     */
    default void changeTested(String commit, int targetRuns, int okRuns) {
    }

    /**
     * Verification refuted an answer because of {@code commit}'s runs, which the strategy had judged otherwise. A
     * strategy that can weigh more runs may test it further (up to its run cap) before naming an answer again.
     */
    default void disputed(String commit) {
    }
}
