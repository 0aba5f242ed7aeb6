package dev.culprit.bisect;

import dev.culprit.run.RunOutcome;
import dev.culprit.vcs.CommitGraph;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * syzbot's current rules, kept exact as the baseline: 10 runs per commit (20 on the first commit and once the
 * reproducer is flaky, i.e. once a bad commit crashed in fewer than half its runs); bad = at least 2 crashes
 * of any title (3 at 20 runs) and crashes + OK at least half the runs; good = no crash and at least half OK
 * (three quarters once flaky); anything else is a skip. The next commit is git's midpoint.
 */
public final class ClassicStrategy implements Strategy {
    private final int baseRuns;
    private boolean flaky;

    private SearchSpace space;
    private CommitGraph graph;
    private GitMidpoint midpoint;
    private BitSet range;
    private int bad;
    private final Set<Integer> skipped = new HashSet<>();

    /** @param baseRuns runs per commit (10 in syzbot); the first commit and flaky mode use twice as many */
    public ClassicStrategy(int baseRuns) {
        if (baseRuns <= 0) {
            throw new IllegalArgumentException("runs must be positive");
        }
        this.baseRuns = baseRuns;
    }

    @Override
    public String name() {
        return "classic";
    }

    @Override
    public int runsWanted(TestedCommit commit, Phase phase) {
        int total = (phase == Phase.START || flaky) ? 2 * baseRuns : baseRuns;
        return Math.max(0, total - commit.runs());
    }

    @Override
    public Verdict judge(TestedCommit commit, Phase phase) {
        if (commit.buildFailed()) {
            return Verdict.SKIP;
        }
        int crashes = 0;
        int ok = 0;
        List<RunOutcome> outcomes = commit.pool().outcomes();
        for (RunOutcome o : outcomes) {
            if (o instanceof RunOutcome.Crashed || o instanceof RunOutcome.TimedOut) {
                crashes++;
            } else if (o instanceof RunOutcome.Ok) {
                ok++;
            }
        }
        Verdict v = verdict(crashes, ok, outcomes.size(), flaky);
        if (v == Verdict.BAD && 2 * crashes < outcomes.size()) {
            flaky = true;
        }
        return v;
    }

    /**
     * syzbot's verdict for one commit.
     *
     * @param crashes runs that crashed, whatever the title
     * @param ok      runs that finished cleanly
     * @param total   all runs, infrastructure failures and boot failures included
     * @param flaky   the reproducer was seen to be flaky earlier
     */
    public static Verdict verdict(int crashes, int ok, int total, boolean flaky) {
        int minCrashes = total >= 20 ? 3 : 2;
        if (crashes >= minCrashes && 2 * (crashes + ok) >= total) {
            return Verdict.BAD;
        }
        if (crashes == 0 && (flaky ? 4 * ok >= 3 * total : 2 * ok >= total) && ok > 0) {
            return Verdict.GOOD;
        }
        return Verdict.SKIP;
    }

    @Override
    public void begin(SearchSpace space) {
        this.space = space;
        this.graph = space.graph();
        this.midpoint = new GitMidpoint(graph);
        this.bad = graph.indexOf(space.newEnd());
        this.range = RangeMask.ancestorsOrSelf(graph, bad);
    }

    @Override
    public Decision next(int slots) {
        GitMidpoint.Choice choice = midpoint.bestWithSkips(range, inRange(skipped), bad);
        if (choice == null || choice.commit() == bad) {
            return new Decision.Conclude(conclusion(""));
        }
        return new Decision.Test(List.of(graph.hash(choice.commit())), choice.all() - choice.reaches() - 1,
                GitMidpoint.estimateSteps(choice.all()));
    }

    private Set<Integer> inRange(Set<Integer> commits) {
        Set<Integer> in = new HashSet<>();
        for (int c : commits) {
            if (range.get(c)) {
                in.add(c);
            }
        }
        return in;
    }

    private Conclusion conclusion(String reason) {
        List<Integer> tried = midpoint.triedSkipped(range, inRange(skipped));
        if (tried.isEmpty() && reason.isEmpty()) {
            return new Conclusion(Outcome.FOUND, List.of(new Candidate(graph.hash(bad), 1.0)), 1.0, "");
        }
        List<Candidate> any = new ArrayList<>();
        for (int c : tried) {
            any.add(new Candidate(graph.hash(c), Double.NaN));
        }
        any.add(new Candidate(graph.hash(bad), Double.NaN));
        String why = reason.isEmpty() ? "there are only 'skip'ped commits left to test" : reason;
        return new Conclusion(Outcome.INCONCLUSIVE, any, 0.0, why);
    }

    @Override
    public void recorded(TestedCommit commit) {
        int idx = graph.indexOf(commit.hash());
        if (idx < 0) {
            return;
        }
        Verdict v = commit.buildFailed() ? Verdict.SKIP : judge(commit, Phase.SEARCH);
        if (v == Verdict.SKIP) {
            skipped.add(idx);
            return;
        }
        boolean crashes = v == Verdict.BAD;
        boolean isNew = space.mode() == Mode.CAUSE ? crashes : !crashes;
        if (isNew) {
            bad = idx;
            range.and(RangeMask.ancestorsOrSelf(graph, idx));
        } else {
            range.andNot(RangeMask.ancestorsOrSelf(graph, idx));
        }
    }

    @Override
    public Conclusion concludeNow(String reason) {
        return conclusion(reason);
    }

    @Override
    public String beliefLine() {
        return "";
    }
}
