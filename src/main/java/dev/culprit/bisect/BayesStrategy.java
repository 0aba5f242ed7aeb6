package dev.culprit.bisect;

import dev.culprit.vcs.CommitGraph;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The flake-aware strategy: a posterior over which commit of the range changed the crash's presence, plus
 * the hypothesis that it is outside the range (already present at the good end; for a fix, not fixed by the
 * head).
 *
 * <p>The model. Under hypothesis h the target bug is present at commit c or not (cause: present iff h is an
 * ancestor of c or c itself; fix: the opposite). Each run on a commit where the bug is present shows the
 * target crash with probability p, the reproducibility, else finishes OK; where it is absent a target crash
 * happens only by confusion, with probability {@link #EPSILON}. Runs that crashed with another title fired
 * before the target could: they are censored and carry no likelihood; so do infrastructure failures. p has a
 * uniform prior and is integrated out exactly: with K target crashes and O OK runs on commits where h makes
 * the bug present, the likelihood is K! O! / (K + O + 1)!. Commits whose builds have the same signature share
 * their runs; a hypothesis that puts the bug in one of them and not in another contradicts "same binary, same
 * behaviour" and is penalised by {@link #ETA}.
 *
 * <p>The search. Runs on a commit stop as soon as its answer is clear: one target crash says the bug is there;
 * enough OK runs push the probability that it is there below {@code delta}. The next commit is the one whose
 * probability of carrying the bug is closest to 1/2 (closest to i/(k+1) for k commits at once). The search stops
 * when one hypothesis holds the requested confidence, or when no testable commit would split the remaining
 * mass (the answer then lies among untestable commits).
 */
public final class BayesStrategy implements Strategy, Pruner.Prunable {
    /** Probability that a commit without the bug shows the target crash (title confusion). */
    static final double EPSILON = 0.01;
    /**
     * Penalty for a hypothesis that gives two identical binaries different behaviour. Equal signatures mean equal
     * loaded code, so such a hypothesis needs the crash to depend on something outside the binary: rare. It must
     * be small enough that a run of identical commits around the culprit (comment-only changes) does not hold
     * back the confidence, since revisiting them can add no evidence.
     */
    static final double ETA = 1e-4;
    /** Prior probability that the answer is outside the range. */
    static final double PRIOR_OUTSIDE = 0.1;
    /**
     * An endpoint is judged good when a present bug would have been missed with less than this chance. It need
     * not be strict: the endpoint's runs stay in the posterior, where the "outside the range" hypothesis weighs
     * them again, so a doubtful good end costs confidence later rather than a lost bisection now (at p = 0.2 a
     * strict rule rejected every release).
     */
    static final double ENDPOINT_MISS = 0.2;
    /** Most candidates an inconclusive answer lists. */
    static final int MAX_CANDIDATES = 10_000;

    /** Visits' worth of runs one behaviour pool may get, see {@link #runCap}. */
    static final int RUN_CAP_VISITS = 10;

    private final int maxRunsPerVisit;
    private final double confidence;
    private final double delta;

    private SearchSpace space;
    private CommitGraph graph;
    private AncestorMass mass;
    private final Map<String, BitSet> ancestors = new HashMap<>();
    private final Set<String> untestable = new HashSet<>();
    /**
     * Blind tested commits by what blinded them (a broken build, or the title of the crash that fired first): each
     * cause spans its own stretch of history, so each gets its own start-and-end model in {@link #blindness}.
     */
    private final Map<String, BlindCause> blindCauses = new java.util.LinkedHashMap<>();
    /** Runs of verification trees (the start with one commit's change taken out), see {@link #changeTested}. */
    private final List<ChangeRuns> changeRuns = new ArrayList<>();
    private int startTargets;
    private int startOks;
    private final LogFactorials logFact = new LogFactorials();
    /** Built and untested commits (see {@link #buildsReady}), favoured by {@link #READY_BONUS}. */
    private Set<String> ready = Set.of();
    /**
     * How much worse a split a built commit may offer and still be chosen over one that needs a build: a split of
     * 0.45 against 0.5 gives up under 1 % of a bit, and saves a build and its wait.
     */
    static final double READY_BONUS = 0.05;
    /** Commits whose runs refuted an answer this strategy gave (see {@link #disputed}), in the order given. */
    private final Set<String> disputed = new java.util.LinkedHashSet<>();
    /** Commits of the range that cannot change the binary: prior 0, never chosen (see {@link #prune}). */
    private final BitSet pruned = new BitSet();

    /**
     * @param maxRunsPerVisit most runs made on one commit at one visit ({@code --runs})
     * @param confidence      stop when one hypothesis holds this probability
     */
    public BayesStrategy(int maxRunsPerVisit, double confidence) {
        if (maxRunsPerVisit <= 0) {
            throw new IllegalArgumentException("runs must be positive");
        }
        if (!(confidence > 0.5 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be between 0.5 and 1");
        }
        this.maxRunsPerVisit = maxRunsPerVisit;
        this.confidence = confidence;
        this.delta = (1 - confidence) / 5;
    }

    @Override
    public String name() {
        return "bayes";
    }

    /**
     * The good end is one more hypothesis here ("already there at the good end", prior {@link #PRIOR_OUTSIDE}):
     * clean runs anywhere below the culprit rule it out, so the good end itself is tested only when the answer
     * comes near it (see {@link #next}). Tuned with the simulator (issue 4): one build and its runs fewer per
     * bisection whose culprit is not among the range's first commits.
     */
    @Override
    public boolean testsGoodEndsFirst() {
        return false;
    }

    @Override
    public int runsWanted(TestedCommit commit, Phase phase) {
        int done = commit.visitRuns().size();
        switch (phase) {
            case START: {
                // Tuned with the simulator (issue 4): at p = 0.1, --runs runs miss the crash a third of the time
                // and the whole bisection ends "not reproduced". While no run has crashed, keep going up to the
                // run cap (30 runs miss it 4 % of the time); once one has, --runs as before.
                // Runs of a crash the user's --title rules out neither end the start early nor count as crashes
                // of the target: the runs go on looking for the named one.
                List<dev.culprit.run.RunOutcome> outcomes = commit.pool() == null ? List.of()
                        : notRuledOut(commit.pool());
                boolean crashed = outcomes.stream().anyMatch(o -> o instanceof dev.culprit.run.RunOutcome.Crashed);
                // Tuned with the simulator (issue 4): when the first runs all show one and the same crash, the
                // target is plain and its reproducibility high; more runs here would only delay the search, which
                // goes on learning the reproducibility. Mixed titles or clean runs get the full --runs.
                if (outcomes.size() >= START_UNANIMOUS_RUNS && unanimous(outcomes)) {
                    return 0;
                }
                return Math.max(0, (crashed ? maxRunsPerVisit : runCap()) - commit.runs());
            }
            case ENDPOINT:
                if (commit.count(RunClass.TARGET) > 0 || missProbability(commit.count(RunClass.OK)) < ENDPOINT_MISS) {
                    return 0;
                }
                return Math.max(0, 3 * maxRunsPerVisit - done);
            default:
                if (space == null || commit.runs() >= runCap()) {
                    return 0;
                }
                // Tuned with the simulator (issue 4): a commit where a wave of runs all ended in another crash
                // (or infrastructure trouble) is masked; its further runs would most likely be masked too, and a
                // masked run carries no likelihood at all. Stop after one wave (at least 4 runs) instead of 10.
                if (done >= Math.min(4, maxRunsPerVisit) && !informative(commit)) {
                    return 0;
                }
                // Run on while the commit's own state is unclear. One target crash usually settles it, but not
                // when the reproducibility is low: then a lone crash is weak next to "title confusion on a
                // clean commit", and more runs here are what tells the two apart.
                if (!disputed.contains(commit.hash()) && !unsettled(presentProbability(commit.hash(), posterior()))) {
                    return 0;
                }
                return Math.max(0, maxRunsPerVisit - done);
        }
    }

    /** Runs of the starting commit that, all showing one crash, settle the target: one wave on 4 VMs. */
    static final int START_UNANIMOUS_RUNS = 4;

    /** The pool's runs but those of a crash other than a target named before the runs (by --title). */
    private static List<dev.culprit.run.RunOutcome> notRuledOut(RunPool pool) {
        List<dev.culprit.run.RunOutcome> outcomes = pool.outcomes();
        List<RunClass> classes = pool.classes();
        List<dev.culprit.run.RunOutcome> kept = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            if (classes.get(i) != RunClass.OTHER_CRASH) {
                kept.add(outcomes.get(i));
            }
        }
        return kept;
    }

    /** Every run crashed, all with the same bug. */
    private static boolean unanimous(List<dev.culprit.run.RunOutcome> outcomes) {
        dev.culprit.report.Report first = null;
        for (dev.culprit.run.RunOutcome o : outcomes) {
            if (!(o instanceof dev.culprit.run.RunOutcome.Crashed c)) {
                return false;
            }
            if (first == null) {
                first = c.report();
            } else if (!first.sameBug(c.report())) {
                return false;
            }
        }
        return first != null;
    }

    @Override
    public Verdict judge(TestedCommit commit, Phase phase) {
        if (commit.buildFailed()) {
            return Verdict.SKIP;
        }
        if (commit.count(RunClass.TARGET) > 0) {
            if (phase == Phase.START) {
                int[] counts = {commit.count(RunClass.TARGET), commit.count(RunClass.OK)};
                startTargets = counts[0];
                startOks = counts[1];
            }
            return Verdict.BAD;
        }
        int oks = commit.count(RunClass.OK);
        if (phase == Phase.ENDPOINT) {
            return oks > 0 && missProbability(oks) < ENDPOINT_MISS ? Verdict.GOOD : Verdict.SKIP;
        }
        return oks > 0 ? Verdict.GOOD : Verdict.SKIP;
    }

    /**
     * The chance that {@code oks} OK runs in a row happen on a commit that has the bug, with p as learnt on
     * the starting commit: E[(1-p)^n] under Beta(1 + K0, 1 + O0).
     */
    double missProbability(int oks) {
        int k = startTargets;
        int o = startOks;
        // B(1+k, 1+o+n) / B(1+k, 1+o)
        return Math.exp(logBeta(k, o + oks) - logBeta(k, o));
    }

    /** ln B(1 + k, 1 + o) = ln(k! o! / (k + o + 1)!). */
    private double logBeta(int k, int o) {
        return logFact.get(k) + logFact.get(o) - logFact.get(k + o + 1);
    }

    @Override
    public void begin(SearchSpace space) {
        this.space = space;
        this.graph = space.graph();
        this.mass = new AncestorMass(graph);
        pruned.clear();
        // A new range (the release walk went on) renumbers the commits: what was kept by index starts over.
        ancestors.clear();
        blindCauses.clear();
        for (TestedCommit tc : space.evidence().all()) {
            if (graph.contains(tc.hash()) && blind(tc)) {
                markBlind(tc);
            }
        }
    }

    /** Posterior over hypotheses: indexes 0..n-1 are graph commits, n is "outside the range". */
    double[] posterior() {
        int n = graph.size();
        List<List<TestedCommit>> pools = pools();
        List<BitSet> memberAnc = new ArrayList<>();
        int[][] memberIndex = new int[pools.size()][];
        int[] k = new int[pools.size()];
        int[] o = new int[pools.size()];
        for (int i = 0; i < pools.size(); i++) {
            List<TestedCommit> members = pools.get(i);
            memberIndex[i] = new int[members.size()];
            for (int j = 0; j < members.size(); j++) {
                memberIndex[i][j] = memberAnc.size();
                memberAnc.add(ancestorsOf(members.get(j).hash()));
            }
            k[i] = members.get(0).count(RunClass.TARGET);
            o[i] = members.get(0).count(RunClass.OK);
        }
        boolean cause = space.mode() == Mode.CAUSE;
        double logEps = Math.log(EPSILON);
        double logEta = Math.log(ETA);
        int[] changeIndex = new int[changeRuns.size()];
        for (int c = 0; c < changeIndex.length; c++) {
            changeIndex[c] = graph.indexOf(changeRuns.get(c).commit());
        }
        double[] logw = new double[n + 1];
        double logPriorIn = Math.log((1 - PRIOR_OUTSIDE) / (n - pruned.cardinality()));
        int[][] poolSums = poolSums(memberIndex, memberAnc, k, o, n, cause);
        for (int h = 0; h <= n; h++) {
            if (h < n && pruned.get(h)) {
                logw[h] = Double.NEGATIVE_INFINITY; // cannot change the binary: identical to its parent
                continue;
            }
            int kk = poolSums[0][h];
            int oo = poolSums[1][h];
            int kAbsent = poolSums[2][h];
            int mixed = poolSums[3][h];
            for (int c = 0; c < changeIndex.length; c++) {
                ChangeRuns cr = changeRuns.get(c);
                if (h == changeIndex[c]) {
                    kAbsent += cr.target(); // the tree lacks the bug under this hypothesis alone
                } else {
                    kk += cr.target();
                    oo += cr.ok();
                }
            }
            logw[h] = (h == n ? Math.log(PRIOR_OUTSIDE) : logPriorIn) + kAbsent * logEps + mixed * logEta
                    + logBeta(kk, oo);
        }
        return normalize(logw);
    }

    /**
     * What the pools say under each hypothesis h (0..n, n = outside the range): {kk, oo, kAbsent, mixed}[h], the
     * target and OK runs of pools where h makes the bug present in every member, the target runs of pools where it
     * makes it present in none, and the pools where it splits the members. Each member's ancestor set is walked
     * once, O(n) per pool, instead of being asked about every hypothesis in turn.
     */
    private static int[][] poolSums(int[][] memberIndex, List<BitSet> memberAnc, int[] k, int[] o, int n,
                                    boolean cause) {
        int[][] sums = new int[4][n + 1];
        int[] has = new int[n];
        for (int i = 0; i < memberIndex.length; i++) {
            int[] ms = memberIndex[i];
            java.util.Arrays.fill(has, 0);
            for (int m : ms) {
                BitSet anc = memberAnc.get(m);
                if (anc != null) {
                    for (int h = anc.nextSetBit(0); h >= 0 && h < n; h = anc.nextSetBit(h + 1)) {
                        has[h]++;
                    }
                }
            }
            for (int h = 0; h <= n; h++) {
                // outside the range (h = n) the bug is at every member for a cause, at none for a fix
                int with = h == n ? (cause ? ms.length : 0) : has[h];
                int present = cause ? with : ms.length - with;
                if (present == 0) {
                    sums[2][h] += k[i];
                } else {
                    sums[0][h] += k[i];
                    sums[1][h] += o[i];
                    if (present < ms.length) {
                        sums[3][h]++;
                    }
                }
            }
        }
        return sums;
    }

    private static boolean hasAncestor(BitSet anc, int h) {
        return anc != null && anc.get(h);
    }

    private static double[] normalize(double[] logw) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logw) {
            max = Math.max(max, v);
        }
        double total = 0;
        double[] w = new double[logw.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.exp(logw[i] - max);
            total += w[i];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= total;
        }
        return w;
    }

    /** Tested commits with runs, grouped by behaviour pool, that the model can place relative to the range. */
    private List<List<TestedCommit>> pools() {
        Map<RunPool, List<TestedCommit>> byPool = new IdentityHashMap<>();
        List<List<TestedCommit>> out = new ArrayList<>();
        for (TestedCommit tc : space.evidence().all()) {
            if (tc.pool() == null || tc.runs() == 0) {
                continue;
            }
            if (!graph.contains(tc.hash()) && !space.outside().contains(tc.hash())) {
                continue;
            }
            List<TestedCommit> members = byPool.get(tc.pool());
            if (members == null) {
                members = new ArrayList<>();
                byPool.put(tc.pool(), members);
                out.add(members);
            }
            members.add(tc);
        }
        return out;
    }

    /** Ancestors-or-self inside the graph of a tested commit; null for a commit outside (an old end). */
    private BitSet ancestorsOf(String hash) {
        int idx = graph.indexOf(hash);
        if (idx < 0) {
            return null;
        }
        return ancestors.computeIfAbsent(hash, h -> RangeMask.ancestorsOrSelf(graph, idx));
    }

    /** Probability that the bug is present at the commit, under the posterior. */
    double presentProbability(String hash, double[] post) {
        int n = graph.size();
        BitSet anc = ancestorsOf(hash);
        double inAnc = 0;
        if (anc != null) {
            for (int h = anc.nextSetBit(0); h >= 0; h = anc.nextSetBit(h + 1)) {
                inAnc += post[h];
            }
        }
        return space.mode() == Mode.CAUSE ? inAnc + post[n] : 1 - post[n] - inAnc + post[n];
    }

    @Override
    public Decision next(int slots) {
        double[] post = posterior();
        int n = graph.size();
        int top = argmax(post);
        if (post[top] >= confidence && !goodEndStillOpen(top, post)) {
            // Verification refuted this answer on a commit's runs: that commit gets runs up to the cap first, so
            // that a rare reading (one target crash in many runs at low reproducibility) is checked, not repeated.
            for (String d : disputed) {
                if (!exhausted(d)) {
                    return new Decision.Test(List.of(d), 0, 0);
                }
            }
            return new Decision.Conclude(conclusion(post, ""));
        }
        List<String> chosen = choose(post, slots, blindness());
        if (chosen.isEmpty()) {
            return new Decision.Conclude(conclusion(post,
                    "no testable commit left that would tell the remaining candidates apart"));
        }
        int left = coverCount(post, 0.99) - 1;
        return new Decision.Test(chosen, Math.max(0, left), GitMidpoint.estimateSteps(left + 1));
    }

    /**
     * The commits whose chance of carrying the bug under {@code post} is closest to i/(slots+1), i = 1..slots: the
     * tests that split the posterior best, weighed by the chance that a test can show anything at all.
     */
    private List<String> choose(double[] post, int slots, double[] blindness) {
        int n = graph.size();
        double[] anc = mass.sums(post);
        double outside = post[n];
        List<String> chosen = new ArrayList<>();
        Set<Integer> taken = new HashSet<>();
        for (int i = 1; i <= slots; i++) {
            double target = (double) i / (slots + 1);
            int best = -1;
            double bestScore = 0;
            for (int x = 0; x < n; x++) {
                if (taken.contains(x) || pruned.get(x) || untestable.contains(graph.hash(x)) || blindBetween(x)) {
                    continue;
                }
                double present = space.mode() == Mode.CAUSE ? anc[x] + outside : 1 - anc[x];
                // A commit whose state is all but known cannot move the answer, tested or not.
                if (!unsettled(present) || exhausted(graph.hash(x))) {
                    continue;
                }
                // What a test is worth: how well it splits, times the chance that it can show anything at all.
                double score = (1 - blindness[x]) * (0.5 - Math.abs(present - target));
                if (score > 0 && ready.contains(graph.hash(x))) {
                    score += READY_BONUS;
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = x;
                }
            }
            // The good end itself is the only commit that tells "already there at the good end" apart from "came
            // with the first commits of the range": worth more runs when that is what remains open.
            String bestEnd = null;
            if (space.mode() == Mode.CAUSE && unsettled(outside)) {
                for (String end : space.outside()) {
                    double score = 0.5 - Math.abs(outside - target);
                    if (score > bestScore && !exhausted(end) && !chosen.contains(end)) {
                        bestScore = score;
                        bestEnd = end;
                    }
                }
            }
            if (bestEnd != null) {
                chosen.add(bestEnd);
            } else if (best >= 0) {
                taken.add(best);
                chosen.add(graph.hash(best));
            }
        }
        return chosen;
    }

    /**
     * What {@link #next} would choose after the commit now being tested turns out to carry the bug, and after it
     * turns out clean, the likelier outcome first: the same choice, made on the posterior with the other outcome's
     * hypotheses taken out. A side whose posterior would already name an answer needs no further test; when that
     * is the likelier side, its answer is the one verification will check.
     */
    @Override
    public Lookahead lookahead(String testing) {
        List<double[]> sides = outcomes(testing);
        if (sides.isEmpty()) {
            return Lookahead.NONE;
        }
        double[] blindness = blindness();
        List<String> guesses = new ArrayList<>();
        java.util.Optional<String> answer = java.util.Optional.empty();
        for (double[] side : sides) {
            int top = argmax(side);
            if (side[top] >= confidence) {
                if (side == sides.get(0) && top < graph.size()) {
                    answer = java.util.Optional.of(graph.hash(top));
                }
                continue;
            }
            for (String c : choose(side, 1, blindness)) {
                if (!c.equals(testing) && !guesses.contains(c)) {
                    guesses.add(c);
                }
            }
        }
        return new Lookahead(guesses, answer);
    }

    /**
     * The posterior after the runs of {@code testing} show the bug, and after they show it absent, each normalised,
     * the likelier outcome first; a side no hypothesis supports is left out. Empty outside a search.
     */
    private List<double[]> outcomes(String testing) {
        if (space == null || !graph.contains(testing)) {
            return List.of();
        }
        double[] post = posterior();
        int n = graph.size();
        BitSet anc = ancestorsOf(testing);
        boolean cause = space.mode() == Mode.CAUSE;
        double[] present = new double[n + 1];
        double[] absent = new double[n + 1];
        for (int h = 0; h <= n; h++) {
            // Cause: the bug is at the commit when h is an ancestor-or-self of it; fix: when h is not. Outside the
            // range (h = n) it is there either way.
            boolean there = h == n || anc.get(h) == cause;
            (there ? present : absent)[h] = post[h];
        }
        List<double[]> out = new ArrayList<>();
        for (double[] side : presentProbability(testing, post) >= 0.5 ? List.of(present, absent)
                : List.of(absent, present)) {
            double total = java.util.Arrays.stream(side).sum();
            if (total > 0) {
                for (int h = 0; h <= n; h++) {
                    side[h] /= total;
                }
                out.add(side);
            }
        }
        return out;
    }

    /**
     * Pruning hides the commits between an old end and the first relevant commit: unpruned, testing them (the old
     * end's binary) would have added runs to the old end's evidence. So while "already there at the good end" is
     * not settled and the top candidate reaches an old end through pruned commits only, the good end gets more
     * runs before the answer is named (as long as it can take them).
     */
    private boolean goodEndStillOpen(int top, double[] post) {
        int n = graph.size();
        if (pruned.isEmpty() || top == n || space.mode() != Mode.CAUSE || !unsettled(post[n])) {
            return false;
        }
        boolean hidden = false;
        for (String parent : graph.parentHashes(top)) {
            int p = graph.indexOf(parent);
            boolean skipped = false;
            while (p >= 0 && pruned.get(p)) {
                skipped = true;
                List<String> ps = graph.parentHashes(p);
                p = ps.isEmpty() ? -2 : graph.indexOf(ps.get(0));
            }
            hidden |= skipped && p == -1;
        }
        if (!hidden) {
            return false;
        }
        for (String end : space.outside()) {
            if (!exhausted(end)) {
                return true;
            }
        }
        return false;
    }

    /** A commit already tested whose evidence cannot grow: choosing it again would make no progress. */
    private boolean exhausted(String hash) {
        TestedCommit tc = space.evidence().get(hash);
        return tc != null && (tc.buildFailed() || tc.runs() >= runCap());
    }

    /** Whether more runs on a commit with this probability of carrying the bug could still move the answer. */
    private boolean unsettled(double present) {
        return present >= delta && present <= 1 - delta;
    }

    /**
     * Most runs one behaviour pool gets over all visits. Runs are only asked of commits whose state is still
     * unsettled, so a generous cap costs little where the answer is clear and is what low reproducibility needs:
     * with 3 visits' worth, p = 0.2 bisections stopped undecided between a culprit and its parent (88 % right
     * in the simulator); with 10, 96 % at about the same number of runs overall.
     */
    private int runCap() {
        return RUN_CAP_VISITS * maxRunsPerVisit;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** How many hypotheses, most likely first, it takes to hold {@code mass} of the posterior. */
    private static int coverCount(double[] post, double mass) {
        double[] sorted = post.clone();
        java.util.Arrays.sort(sorted);
        double acc = 0;
        int count = 0;
        for (int i = sorted.length - 1; i >= 0 && acc < mass; i--) {
            acc += sorted[i];
            count++;
        }
        return count;
    }

    private Conclusion conclusion(double[] post, String reason) {
        int n = graph.size();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i <= n; i++) {
            order.add(i);
        }
        order.sort((a, b) -> Double.compare(post[b], post[a]));
        int top = order.get(0);
        if (post[top] >= confidence && reason.isEmpty()) {
            if (top == n) {
                return space.mode() == Mode.CAUSE
                        ? new Conclusion(Outcome.CRASHES_ON_OLDEST, List.of(new Candidate(null, post[top])), post[top],
                        "the crash already happens at the good end")
                        : new Conclusion(Outcome.INCONCLUSIVE, List.of(new Candidate(null, post[top])), post[top],
                        "the crash still happens at the head");
            }
            return new Conclusion(Outcome.FOUND, List.of(new Candidate(graph.hash(top), post[top])), post[top], "");
        }
        List<Candidate> cands = new ArrayList<>();
        double acc = 0;
        double last = Double.NaN;
        for (int h : order) {
            if (h < n && pruned.get(h)) {
                continue;
            }
            // Tuned with the simulator (issue 4): when a masked or unbuildable stretch hides the answer, the
            // honest answer is the whole stretch; cutting the list at 50 made the right answer vanish from it.
            if (cands.size() >= MAX_CANDIDATES) {
                break;
            }
            // Past the requested mass, hypotheses tied with the last one listed still go in: the evidence cannot
            // tell them apart, so leaving some out would be an arbitrary pick (and often drops the answer).
            if (acc >= confidence && !(post[h] >= last * (1 - 1e-9))) {
                break;
            }
            cands.add(new Candidate(h == n ? null : graph.hash(h), post[h]));
            acc += post[h];
            last = post[h];
        }
        String why = reason.isEmpty() ? "no commit reached the requested confidence" : reason;
        return new Conclusion(Outcome.INCONCLUSIVE, cands, post[top], why);
    }

    /**
     * Tuned with the simulator (issue 4): whether an untested commit lies between two blind ones (failed to
     * build, or every run masked by another crash): a descendant of one and an ancestor of the other. A broken
     * build and an unrelated bug each span a range (from the commit that brings it to the one that removes it),
     * so such a commit is almost surely blind too. Without this the search tested blind commit after blind
     * commit across a masked stretch (the reference log's case) until its build budget ran out.
     */
    private boolean blindBetween(int x) {
        for (BlindCause c : blindCauses.values()) {
            if (c.descendants.get(x) && c.ancestors.get(x)) {
                return true;
            }
        }
        return false;
    }

    /** The blind commits of one cause and their ancestors-or-self and descendants-or-self. */
    private static final class BlindCause {
        final List<String> commits = new ArrayList<>();
        final BitSet ancestors = new BitSet();
        final BitSet descendants = new BitSet();
    }

    /**
     * For every commit of the range, the probability that a test of it is blind (the build broken, or every run
     * masked by another crash). Blindness spans a stretch: it starts at some commit U (every blind commit descends
     * from it) and ends at some commit F (every clear commit above a blind one descends from it). The candidates
     * for U are the common ancestors of the blind commits that are not ancestors of a clear commit lying below a
     * blind one (no end of the stretch could make that commit clear); the candidates for F are the common
     * ancestors of the clear commits above a blind one that are not ancestors of any blind commit. With uniform
     * weights over each, P(blind at x) = P(U reaches x) (1 - P(F reaches x)). All zero while nothing is blind;
     * when the blind commits have no common start (two separate stretches), each blind commit's descendants
     * count as likely blind instead.
     */
    private double[] blindness() {
        int n = graph.size();
        double[] clear = new double[n];
        java.util.Arrays.fill(clear, 1);
        for (BlindCause cause : blindCauses.values()) {
            double[] p = blindness(cause);
            for (int x = 0; x < n; x++) {
                clear[x] *= 1 - p[x];
            }
        }
        for (int x = 0; x < n; x++) {
            clear[x] = 1 - clear[x];
        }
        return clear;
    }

    /** P(blind at x) for one cause, as described above. */
    private double[] blindness(BlindCause cause) {
        int n = graph.size();
        double[] p = new double[n];
        BitSet starts = new BitSet(n);
        starts.set(0, n);
        for (String b : cause.commits) {
            BitSet a = ancestorsOf(b);
            if (a != null) {
                starts.and(a);
            }
        }
        BitSet ends = new BitSet(n);
        ends.set(0, n);
        for (TestedCommit tc : space.evidence().all()) {
            int idx = graph.indexOf(tc.hash());
            if (idx < 0 || tc.buildFailed() || !informative(tc)) {
                continue;
            }
            if (cause.ancestors.get(idx)) {
                starts.andNot(ancestorsOf(tc.hash()));
            }
            if (cause.descendants.get(idx)) {
                ends.and(ancestorsOf(tc.hash()));
            }
        }
        ends.andNot(cause.ancestors);
        if (starts.isEmpty()) {
            for (int x = cause.descendants.nextSetBit(0); x >= 0; x = cause.descendants.nextSetBit(x + 1)) {
                p[x] = 0.5;
            }
            return p;
        }
        double[] reachedByStart = mass.sums(uniform(starts, n));
        double[] reachedByEnd = ends.isEmpty() ? new double[n] : mass.sums(uniform(ends, n));
        for (int x = 0; x < n; x++) {
            p[x] = Math.min(1, reachedByStart[x]) * (1 - Math.min(1, reachedByEnd[x]));
        }
        return p;
    }

    private static double[] uniform(BitSet members, int n) {
        double[] w = new double[n + 1];
        double each = 1.0 / members.cardinality();
        for (int x = members.nextSetBit(0); x >= 0 && x < n; x = members.nextSetBit(x + 1)) {
            w[x] = each;
        }
        return w;
    }

    private void markBlind(TestedCommit tc) {
        int idx = graph.indexOf(tc.hash());
        if (idx < 0) {
            return;
        }
        BlindCause cause = blindCauses.computeIfAbsent(blindCause(tc), k -> new BlindCause());
        cause.commits.add(tc.hash());
        cause.ancestors.or(ancestorsOf(tc.hash()));
        cause.descendants.or(RangeMask.descendantsOrSelf(graph, idx));
    }

    /** What blinded a commit: its broken build, else the crash that fired first most often there. */
    private static String blindCause(TestedCommit tc) {
        if (tc.buildFailed()) {
            return "build";
        }
        Map<String, Integer> titles = new HashMap<>();
        List<RunClass> classes = tc.pool().classes();
        List<dev.culprit.run.RunOutcome> outcomes = tc.pool().outcomes();
        for (int i = 0; i < Math.min(classes.size(), outcomes.size()); i++) {
            if (classes.get(i) == RunClass.OTHER_CRASH) {
                titles.merge(outcomes.get(i).describe(), 1, Integer::sum);
            }
        }
        return titles.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("infra");
    }

    @Override
    public void buildsReady(Set<String> commits) {
        ready = Set.copyOf(commits);
    }

    @Override
    public void recorded(TestedCommit commit) {
        boolean blind = blind(commit);
        if (blind) {
            markBlind(commit);
        }
        if (blind || commit.ownRuns() >= runCap()) {
            untestable.add(commit.hash());
        }
    }

    /** Some run showed the target or ran clean: the commit's runs say something about the bug. */
    private static boolean informative(TestedCommit tc) {
        return tc.count(RunClass.TARGET) + tc.count(RunClass.OK) > 0;
    }

    /**
     * A test of the commit could show nothing: its build failed, or runs were made and none could show the
     * target. A commit that got no runs at all (its state settled while it was being built, by another lane's
     * results) is merely untested.
     */
    private static boolean blind(TestedCommit tc) {
        return tc.buildFailed() || tc.runs() > 0 && !informative(tc);
    }

    /**
     * Commits that cannot change the binary get prior 0 (each behaves as its parent does) and are never chosen.
     * When that would leave no commit of the range, nothing is pruned: the dependency information must be wrong.
     */
    @Override
    public boolean prune(Set<String> irrelevant) {
        pruned.clear();
        if (graph == null) {
            return false;
        }
        for (String hash : irrelevant) {
            int idx = graph.indexOf(hash);
            if (idx >= 0) {
                pruned.set(idx);
            }
        }
        if (pruned.cardinality() >= graph.size()) {
            pruned.clear();
            return false;
        }
        return true;
    }

    @Override
    public void changeTested(String commit, int targetRuns, int okRuns) {
        if (graph != null && graph.contains(commit)) {
            changeRuns.add(new ChangeRuns(commit, targetRuns, okRuns));
        }
    }

    private record ChangeRuns(String commit, int target, int ok) {
    }

    /** Asked of a new strategy with the same settings, begun on {@code space}: this one's state stays as it is. */
    @Override
    public java.util.Optional<String> firstChoice(SearchSpace space) {
        BayesStrategy probe = new BayesStrategy(maxRunsPerVisit, confidence);
        probe.begin(space);
        return probe.next(1) instanceof Decision.Test t ? java.util.Optional.of(t.commits().get(0))
                : java.util.Optional.empty();
    }

    @Override
    public void disputed(String commit) {
        disputed.add(commit);
    }

    @Override
    public Conclusion concludeNow(String reason) {
        return conclusion(posterior(), reason);
    }

    @Override
    public String beliefLine() {
        if (space == null) {
            return "";
        }
        double[] post = posterior();
        int n = graph.size();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i <= n; i++) {
            order.add(i);
        }
        order.sort((a, b) -> Double.compare(post[b], post[a]));
        StringBuilder sb = new StringBuilder("posterior:");
        for (int i = 0; i < Math.min(5, order.size()); i++) {
            int h = order.get(i);
            if (post[h] < 0.005) {
                break;
            }
            String name = h == n ? (space.mode() == Mode.CAUSE ? "before-range" : "after-head")
                    : graph.hash(h).substring(0, 12);
            sb.append(String.format(Locale.ROOT, " %s %.3f,", name, post[h]));
        }
        if (sb.charAt(sb.length() - 1) == ',') {
            sb.setLength(sb.length() - 1);
        }
        sb.append(String.format(Locale.ROOT, " (reproducibility ~%.2f)", reproducibility(post)));
        return sb.toString();
    }

    /** Posterior mean of p, averaged over hypotheses. */
    double reproducibility(double[] post) {
        // Computed from the pools the most likely hypothesis calls present: cheap and close enough for the log.
        int n = graph.size();
        int top = argmax(post);
        int kk = 0;
        int oo = 0;
        boolean cause = space.mode() == Mode.CAUSE;
        for (List<TestedCommit> members : pools()) {
            TestedCommit first = members.get(0);
            BitSet anc = ancestorsOf(first.hash());
            boolean has = top == n ? cause : hasAncestor(anc, top);
            if (cause == has) {
                kk += first.count(RunClass.TARGET);
                oo += first.count(RunClass.OK);
            }
        }
        return (kk + 1.0) / (kk + oo + 2.0);
    }
}
