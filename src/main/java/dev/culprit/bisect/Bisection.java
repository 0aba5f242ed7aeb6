package dev.culprit.bisect;

import dev.culprit.build.BuildResult;
import dev.culprit.build.Builder;
import dev.culprit.build.Change;
import dev.culprit.build.ChangeConflictException;
import dev.culprit.common.Durations;
import dev.culprit.common.InfraException;
import dev.culprit.report.Report;
import dev.culprit.run.RunOutcome;
import dev.culprit.run.Runner;
import dev.culprit.vcs.CommitGraph;
import dev.culprit.vcs.Maintainers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

/**
 * One bisection: tests the starting commit, finds the other end (given, or by walking releases), lets the
 * strategy search the range, and gathers the result. Builds go through the {@link Builder}, runs through the
 * {@link Runner} ({@code jobs} at once); everything is logged in the syzbot-compatible format.
 */
public final class Bisection {
    private final BisectConfig config;
    private final History history;
    private final List<Lane> lanes;
    private final Builder builder;
    private final Runner runner;
    /** What each lane's checkout holds now (null: unknown), so a second visit in a row needs no rebuild. */
    private final java.util.Map<Lane, BuildResult> lastBuilds =
            java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
    /** Builds made ahead, during an earlier commit's runs, that no step has used yet (guarded by {@link #state}). */
    private final java.util.Map<String, BuildResult> builtAhead = new java.util.HashMap<>();
    /** Verification trees built ahead, by tree id (guarded by {@link #state}). */
    private final java.util.Map<String, BuildResult> treesBuiltAhead = new java.util.HashMap<>();
    /** The most recent build's duration and the most recent wave's longest run: what fits into a wave. */
    private Duration lastBuildTook = Duration.ZERO;
    private Duration lastWaveTook = Duration.ZERO;
    /** At most this many commits are built ahead during one commit's runs (one per way the runs can turn out). */
    private static final int MAX_BUILT_AHEAD = 2;
    /** Guards the state lanes share: evidence, counters, steps, the strategy. */
    private final Object state = new Object();
    /** The wall time had every step run as scheduled: lanes side by side, steps of one lane in sequence. */
    private Duration span = Duration.ZERO;
    private final Strategy strategy;
    private final BisectLog log;
    private final LongSupplier nanoTime;

    /** Visits in a row that added no build and no run before the search is stopped. */
    private static final int MAX_IDLE_VISITS = 3;
    /** Culprits refuted before the search gives up on naming one. */
    private static final int MAX_REFUTED = 3;
    /** Most clean runs one verification check makes, whatever the formula asks (p very low). */
    private static final int MAX_CLEAN_RUNS = 200;

    private final List<String> verifyFlags = new ArrayList<>();
    private SearchSpace space;
    /** Dependency-aware pruning (null: none); the range's irrelevant commits as the strategy knows them. */
    private Pruner pruner;
    private Set<String> pruned = Set.of();
    /** Whether the pruner has answered for this range (from then on the set only shrinks). */
    private boolean pruneKnown;

    private final Evidence evidence = new Evidence();
    private final List<BisectResult.Step> steps = new ArrayList<>();
    private final Set<String> built = new HashSet<>();
    private TargetCrash target;
    private int builds;
    private int runs;
    private Duration buildTime = Duration.ZERO;
    private Duration testTime = Duration.ZERO;
    private long startNanos;
    private int searchSteps;

    public Bisection(BisectConfig config, History history, Builder builder, Runner runner, Strategy strategy,
                     BisectLog log, LongSupplier nanoTime) {
        this(config, history, List.of(new Lane(builder, runner)), strategy, log, nanoTime);
    }

    /**
     * A bisection with several lanes: up to {@code lanes.size()} commits are tested at once, each built and run
     * by its own lane (its own checkout), while their runs share the {@code jobs} run slots. The first lane also
     * does the sequential work (the ends of the range, verification).
     */
    public Bisection(BisectConfig config, History history, List<Lane> lanes, Strategy strategy, BisectLog log,
                     LongSupplier nanoTime) {
        if (lanes.isEmpty()) {
            throw new IllegalArgumentException("a bisection needs at least one lane");
        }
        this.config = config;
        this.history = history;
        this.lanes = List.copyOf(lanes);
        this.builder = lanes.get(0).builder();
        this.runner = lanes.get(0).runner();
        this.strategy = strategy;
        this.log = log;
        this.nanoTime = nanoTime;
    }

    /**
     * Turns on dependency-aware pruning: after each successful build the pruner may name commits of the range
     * that cannot change the binary, and a strategy that can ({@link Pruner.Prunable}) leaves them out.
     */
    public Bisection pruner(Pruner pruner) {
        this.pruner = pruner;
        return this;
    }

    /**
     * A builder and the runner that tests what it builds (they share a checkout). {@code buildsDuringRuns}: the
     * runner needs nothing of the checkout once a build is done (a kernel image kept by signature, a simulated
     * build), so the builder may build the next commit while the runs of this one go on.
     */
    public record Lane(Builder builder, Runner runner, boolean buildsDuringRuns) {
        public Lane {
            java.util.Objects.requireNonNull(builder, "builder");
            java.util.Objects.requireNonNull(runner, "runner");
        }

        public Lane(Builder builder, Runner runner) {
            this(builder, runner, false);
        }
    }

    public BisectResult run() {
        startNanos = nanoTime.getAsLong();
        ExecutorService pool = runPool();
        aheadPool = daemonPool(1, "culprit-build-ahead");
        try {
            return bisect(pool);
        } finally {
            pool.shutdownNow();
            aheadPool.shutdownNow();
        }
    }

    /** Where builds ahead run: one at a time, beside the runs of the commit being tested. */
    private ExecutorService aheadPool;

    /**
     * Checks one culprit found elsewhere (by syzbot, by hand) with the verification phase alone: the starting
     * commit's crash is the target. FOUND with the flag {@code verified} when it holds up; INCONCLUSIVE with the
     * flag {@code refuted} and the reason when it does not.
     */
    public BisectResult verifyOnly(String culprit) {
        startNanos = nanoTime.getAsLong();
        ExecutorService pool = runPool();
        try {
            log.line("verifying " + culprit + " against the crash of " + config.bad());
            BisectResult notReproduced = establishTarget(pool, List.of());
            if (notReproduced != null) {
                return notReproduced;
            }
            Verification v = verify(culprit, pool);
            History.CommitSummary s = history.summary(culprit);
            List<BisectResult.Culprit> culprits = List.of(new BisectResult.Culprit(culprit, s.subject(),
                    s.author() + " <" + s.authorEmail() + ">", s.date(), Double.NaN));
            List<String> flags = v.refuted() ? List.of("refuted") : v.flags();
            boolean confirmed = !v.refuted() && flags.contains("verified");
            String reason = v.refuted() ? v.reason()
                    : confirmed ? "" : "the clean side could not be checked with the required certainty";
            log.line(v.refuted() ? "refuted: " + reason : confirmed ? "confirmed" : reason);
            BisectResult r = result(confirmed ? Outcome.FOUND : Outcome.INCONCLUSIVE, culprits, Double.NaN, flags,
                    reason, target.report().text());
            logSummary(r);
            return r;
        } finally {
            pool.shutdownNow();
        }
    }

    private ExecutorService runPool() {
        return daemonPool(config.jobs(), "culprit-run");
    }

    /** Threads that never keep the JVM alive: a bisection that ends (or fails) leaves nothing running. */
    private static ExecutorService daemonPool(int threads, String name) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Tests the starting commit and fixes the target crash; a finished result when it does not reproduce.
     * {@code testedNext}: commits that will be tested next if it does, built while its runs go on.
     */
    private BisectResult establishTarget(ExecutorService pool, List<String> testedNext) {
        // A target named with --title classifies the start's runs as they come, so that the start's run count
        // follows that crash and not another one the same commit shows more often.
        config.title().ifPresent(t -> target = TargetCrash.named(t));
        Tested tested = test(config.bad(), Phase.START, pool, t -> {
            adoptTypedTitle(t, TYPED_TITLE_RUNS);
            return strategy.runsWanted(t, Phase.START);
        }, lanes.get(0),
                log, testedNext.isEmpty() ? null : new AheadPlan(() -> new Lookahead(testedNext, Optional.empty()),
                        true), config.jobs());
        span = span.plus(tested.span());
        TestedCommit start = tested.commit();
        if (start.buildFailed()) {
            return finish(Outcome.NOT_REPRODUCED, List.of(), 0, List.of(),
                    "the original commit failed to build: " + firstLine(start.build().errorSummary()));
        }
        if (config.title().isEmpty()) {
            target = TargetCrash.mostFrequent(start.pool().outcomes()).orElse(null);
        }
        if (target != null) {
            evidence.classifyAll(target);
        }
        adoptTypedTitle(start, 1);
        if (target == null || start.count(RunClass.TARGET) == 0) {
            config.title().ifPresent(t -> logTitlesSeen(t, start.pool().outcomes()));
            return finish(Outcome.NOT_REPRODUCED, List.of(), 0, List.of(),
                    "the crash wasn't reproduced on the original commit");
        }
        Verdict verdict = strategy.judge(start, Phase.START);
        // The start's step was recorded before its runs named the target: give it its verdict now.
        for (int i = steps.size() - 1; i >= 0; i--) {
            BisectResult.Step s = steps.get(i);
            if (s.commit().equals(config.bad()) && s.phase().equals(Phase.START.name().toLowerCase())) {
                steps.set(i, new BisectResult.Step(s.commit(), s.phase(), s.signature(), s.reused(), s.outcomes(),
                        verdict.word(), s.buildTime(), s.testTime()));
                break;
            }
        }
        log.line("target crash: " + target.title());
        return null;
    }

    /** Runs of the start that must all have missed a typed title before a crash it may name is taken for it. */
    private static final int TYPED_TITLE_RUNS = 4;

    /**
     * A typed title (--title) may be syzbot's for a crash culprit titles otherwise: once {@code atLeast} runs of the
     * start have all missed it, the one crash of the same kind with the typed function in its stack is taken for it,
     * and the log says so. (Before the start's runs end, so that they stop as for any plain target.)
     */
    private void adoptTypedTitle(TestedCommit start, int atLeast) {
        if (config.title().isEmpty() || target == null || !target.report().frames().isEmpty()
                || start.pool() == null || start.runs() < atLeast || start.count(RunClass.TARGET) > 0) {
            return;
        }
        String typed = target.title();
        Optional<TargetCrash> named = TargetCrash.namedOtherwise(typed, start.pool().outcomes());
        if (named.isPresent()) {
            target = named.get();
            evidence.classifyAll(target);
            log.line("--title \"" + typed + "\" taken as \"" + target.title()
                    + "\": the same kind of crash, with that function in its stack");
        }
    }

    /** Tells a user whose --title matched none of the start's crashes which titles its runs did show. */
    private void logTitlesSeen(String title, List<RunOutcome> outcomes) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (RunOutcome o : outcomes) {
            Report r = TargetCrash.reportOf(o);
            if (r != null) {
                seen.merge(r.title(), 1, Integer::sum);
            }
        }
        if (!seen.isEmpty()) {
            List<String> counted = new ArrayList<>();
            seen.forEach((t, n) -> counted.add(t + " (" + n + (n == 1 ? " run)" : " runs)")));
            log.line("--title \"" + title + "\" is none of the crashes the original commit showed: "
                    + String.join(", ", counted) + "; give one of these titles as printed, or no --title");
        }
    }

    private BisectResult bisect(ExecutorService pool) {
        boolean cause = config.mode() == Mode.CAUSE;
        log.line(cause ? "bisecting cause commit starting from " + config.bad()
                : "bisecting fixing commit since " + config.bad());
        List<History.Release> releases = cause && config.goods().isEmpty()
                ? history.releasesBefore(config.bad()) : List.of();
        // The walk tests the newest release next, whatever the start's runs show: it can be built meanwhile.
        BisectResult notReproduced = establishTarget(pool,
                releases.isEmpty() ? List.of() : List.of(releases.get(0).commit()));
        if (notReproduced != null) {
            return notReproduced;
        }

        String newEnd;
        List<String> oldEnds;
        Set<String> outside = new HashSet<>();
        if (cause) {
            List<String> goods = config.goods().isEmpty() ? walkReleases(pool, releases) : testGivenGoods(pool);
            if (goods == null) {
                return earlyResult;
            }
            newEnd = config.bad();
            oldEnds = goods;
            outside.addAll(goods);
        } else {
            log.line("testing current HEAD " + config.head());
            TestedCommit head = test(config.head(), Phase.ENDPOINT, pool);
            if (!head.buildFailed() && strategy.judge(head, Phase.ENDPOINT) == Verdict.BAD) {
                return finish(Outcome.INCONCLUSIVE, List.of(), 0, List.of(),
                        "the crash still happens on HEAD " + config.head());
            }
            newEnd = config.head();
            oldEnds = List.of(config.bad());
            outside.add(config.bad());
        }
        space = new SearchSpace(history.range(newEnd, oldEnds), config.mode(), newEnd, oldEnds, outside, evidence);
        log.line("# git bisect start " + newEnd + " " + String.join(" ", oldEnds));
        strategy.begin(space);
        prune(null, true);
        Conclusion conclusion = searchAndVerify(pool);
        // A release accepted as the good end on a handful of OK runs may still carry a flaky bug; when the search
        // finds the crash older than it, the walk goes on to the older releases instead of giving up.
        while (conclusion.outcome() == Outcome.CRASHES_ON_OLDEST && !releases.isEmpty()) {
            int at = indexOfRelease(releases, oldEnds.get(0));
            if (at < 0 || at + 1 >= releases.size()) {
                break;
            }
            log.line("the crash is older than " + releases.get(at).name() + ": walking on to older releases");
            List<String> goods = walkReleases(pool, releases.subList(at + 1, releases.size()));
            if (goods == null) {
                return earlyResult;
            }
            oldEnds = goods;
            space = new SearchSpace(history.range(newEnd, oldEnds), config.mode(), newEnd, oldEnds,
                    new HashSet<>(goods), evidence);
            log.line("# git bisect start " + newEnd + " " + String.join(" ", oldEnds));
            strategy.begin(space);
            prune(null, true);
            conclusion = searchAndVerify(pool);
        }
        return conclude(conclusion, pool);
    }

    /**
     * Asks the pruner which commits of the range cannot change the binary and tells the strategy. A new range
     * starts over; within a range the set only shrinks (a later build may show more dependencies, never fewer).
     */
    private void prune(BuildResult build, boolean newRange) {
        if (newRange) {
            pruned = Set.of(); // the strategy's begin() forgot its set too
            pruneKnown = false;
        }
        if (pruner == null || !(strategy instanceof Pruner.Prunable prunable)) {
            return;
        }
        Optional<Set<String>> found = pruner.irrelevant(space, build);
        if (found.isEmpty()) {
            return; // nothing known (yet: a resumed bisection whose builds all came from the journal)
        }
        Set<String> next = new HashSet<>(found.get());
        if (pruneKnown) {
            next.retainAll(pruned);
            if (next.size() == pruned.size()) {
                return;
            }
        }
        pruneKnown = true;
        pruned = prunable.prune(next) ? Set.copyOf(next) : Set.of();
        log.line(Pruning.logLine(pruned.size(), space.graph().size()));
    }

    private static int indexOfRelease(List<History.Release> releases, String commit) {
        for (int i = 0; i < releases.size(); i++) {
            if (releases.get(i).commit().equals(commit)) {
                return i;
            }
        }
        return -1;
    }

    private BisectResult earlyResult;

    /** Tests the user's good commits; null (with {@link #earlyResult} set) when one of them crashes. */
    private List<String> testGivenGoods(ExecutorService pool) {
        if (!strategy.testsGoodEndsFirst()) {
            log.line("good end " + String.join(", ", config.goods()) + ": tested when the search needs it");
            return config.goods();
        }
        for (String good : config.goods()) {
            TestedCommit tc = test(good, Phase.ENDPOINT, pool);
            if (!tc.buildFailed() && strategy.judge(tc, Phase.ENDPOINT) == Verdict.BAD) {
                earlyResult = finish(Outcome.CRASHES_ON_OLDEST, List.of(), 0, List.of(),
                        "the crash already happens on the good commit " + good);
                return null;
            }
        }
        return config.goods();
    }

    /** Tests releases newest first until one is good; null (with {@link #earlyResult} set) when none is. */
    private List<String> walkReleases(ExecutorService pool, List<History.Release> releases) {
        History.Release oldest = null;
        Verdict last = Verdict.SKIP;
        for (int i = 0; i < releases.size(); i++) {
            History.Release release = releases.get(i);
            Optional<String> older = i + 1 < releases.size() ? Optional.of(releases.get(i + 1).commit())
                    : Optional.empty();
            log.line("testing release " + release.name());
            Tested t = test(release.commit(), Phase.ENDPOINT, pool, c -> strategy.runsWanted(c, Phase.ENDPOINT),
                    lanes.get(0), log, new AheadPlan(() -> releaseGuesses(release.commit(), older), false),
                    config.jobs());
            span = span.plus(t.span());
            TestedCommit tc = t.commit();
            last = tc.buildFailed() ? Verdict.SKIP : strategy.judge(tc, Phase.ENDPOINT);
            oldest = release;
            if (last == Verdict.GOOD) {
                return List.of(release.commit());
            }
            // At a very low reproducibility no number of clean runs makes a release certainly free of the crash,
            // and an older release would get no more runs than this one. A strategy that keeps "already there at
            // the good end" as a hypothesis searches from the first clean release instead of giving up; its runs
            // stay in the posterior, and the walk goes on if the crash turns out older.
            if (last == Verdict.SKIP && !strategy.testsGoodEndsFirst() && !tc.buildFailed()
                    && tc.count(RunClass.TARGET) == 0 && tc.count(RunClass.OK) > 0) {
                log.line("release " + release.name() + " is clean in " + tc.count(RunClass.OK)
                        + " runs, not yet certainly: the search starts from it");
                return List.of(release.commit());
            }
        }
        String where = oldest == null ? "" : " " + oldest.name();
        earlyResult = last == Verdict.BAD
                ? finish(Outcome.CRASHES_ON_OLDEST, List.of(), 0, List.of(),
                "the crash already happened on the oldest tested release" + where)
                : finish(Outcome.INCONCLUSIVE, List.of(), 0, List.of(),
                "no release could be shown to be free of the crash");
        return null;
    }

    /**
     * What comes after a release's runs: clean, the search from it, whose first commit the strategy can name now
     * (the range and the start's runs are all it knows then); crashing, the next older release. As many as fit into
     * the runs are built, in this order: the newest release, where the walk starts, is usually clean, and an older
     * release is far away (a long build that would hold the next step up).
     */
    private Lookahead releaseGuesses(String release, Optional<String> older) {
        List<String> guesses = new ArrayList<>();
        CommitGraph range = history.range(config.bad(), List.of(release));
        if (range.contains(config.bad())) {
            strategy.firstChoice(new SearchSpace(range, config.mode(), config.bad(), List.of(release),
                    Set.of(release), evidence)).ifPresent(guesses::add);
        }
        older.ifPresent(guesses::add);
        return new Lookahead(guesses, Optional.empty());
    }

    private Conclusion search(ExecutorService pool) {
        int idleVisits = 0;
        while (true) {
            if (config.maxBuilds() > 0 && builds >= config.maxBuilds()) {
                return strategy.concludeNow("the build budget (" + config.maxBuilds() + ") is spent");
            }
            // A strategy that keeps choosing commits which yield neither a build nor a run learns nothing more:
            // stop rather than loop (a guard for every strategy, not a rule of one).
            if (idleVisits >= MAX_IDLE_VISITS) {
                return strategy.concludeNow("the search stopped making progress");
            }
            Decision decision;
            synchronized (state) {
                strategy.buildsReady(builtAhead.keySet());
                decision = strategy.next(lanes.size());
            }
            if (decision instanceof Decision.Conclude c) {
                return c.conclusion();
            }
            Decision.Test t = (Decision.Test) decision;
            searchSteps++;
            String left = "Bisecting: " + t.left() + " revision" + (t.left() == 1 ? "" : "s")
                    + " left to test after this (roughly " + t.steps() + " step" + (t.steps() == 1 ? "" : "s") + ")";
            List<String> commits = t.commits().subList(0, Math.min(lanes.size(), t.commits().size()));
            status(commits.get(0), t);
            int workBefore = builds + runs;
            List<TestedCommit> tested = testAtOnce(commits, pool, left);
            idleVisits = builds + runs == workBefore ? idleVisits + 1 : 0;
            for (TestedCommit tc : tested) {
                Verdict v = strategy.judge(tc, Phase.SEARCH);
                log.line("# git bisect " + gitWord(v) + " " + tc.hash());
                strategy.recorded(tc);
            }
            String belief = strategy.beliefLine();
            if (!belief.isEmpty()) {
                log.line(belief);
            }
        }
    }

    /**
     * Tests the commits side by side, one per lane. Each lane's log lines are held back and written in the
     * commits' order once all are done, so the log reads as if they had been tested one after the other.
     */
    private List<TestedCommit> testAtOnce(List<String> commits, ExecutorService pool, String left) {
        if (commits.size() == 1) {
            log.line(left);
            log.line("[" + commits.get(0) + "] " + history.summary(commits.get(0)).subject());
            log.line("");
            String commit = commits.get(0);
            Tested t = test(commit, Phase.SEARCH, pool, t2 -> strategy.runsWanted(t2, Phase.SEARCH),
                    lanes.get(0), log, new AheadPlan(() -> strategy.lookahead(commit), false), config.jobs());
            span = span.plus(t.span());
            return List.of(t.commit());
        }
        ExecutorService lanePool = daemonPool(commits.size(), "culprit-lane");
        try {
            List<HeldLog> held = new ArrayList<>();
            List<Future<TestedCommit>> futures = new ArrayList<>();
            for (int i = 0; i < commits.size(); i++) {
                String commit = commits.get(i);
                Lane lane = lanes.get(i);
                HeldLog out = new HeldLog();
                out.line(left);
                out.line("[" + commit + "] " + history.summary(commit).subject());
                out.line("");
                held.add(out);
                // The commits share the run slots: each gets its part of every wave.
                int slots = Math.max(1, config.jobs() / commits.size());
                futures.add(lanePool.submit(() -> test(commit, Phase.SEARCH, pool, lane, out, slots)));
            }
            List<TestedCommit> tested = new ArrayList<>();
            Duration longest = Duration.ZERO;
            for (int i = 0; i < futures.size(); i++) {
                TestedCommit tc = await(futures.get(i), "a commit's test");
                tested.add(tc);
                held.get(i).lines.forEach(log::line);
                Duration laneTime = held.get(i).duration;
                longest = laneTime.compareTo(longest) > 0 ? laneTime : longest;
            }
            span = span.plus(longest);
            return tested;
        } finally {
            lanePool.shutdownNow();
        }
    }

    /** A lane's log lines, written out later, and how long its step took (build + runs). */
    private static final class HeldLog implements BisectLog {
        final List<String> lines = new ArrayList<>();
        Duration duration = Duration.ZERO;

        @Override
        public void line(String text) {
            lines.add(text);
        }
    }

    /**
     * Searches, and checks what the search found before it is named. A refuted culprit's evidence stays with the
     * strategy, and the search goes on from there; a strategy that names a refuted commit again (one that cannot
     * use the evidence) gets no culprit.
     */
    private Conclusion searchAndVerify(ExecutorService pool) {
        Set<String> refuted = new LinkedHashSet<>();
        String lastReason = "";
        while (true) {
            Conclusion c = search(pool);
            if (!config.verify() || c.outcome() != Outcome.FOUND) {
                if (!refuted.isEmpty()) {
                    verifyFlags.add("refuted"); // the search's earlier answer did not hold and nothing replaced it
                }
                return c;
            }
            String culprit = c.candidates().get(0).hash();
            if (refuted.contains(culprit) || refuted.size() >= MAX_REFUTED) {
                verifyFlags.add("refuted");
                // Naming the refuted commit as a candidate would repeat the mistake verification caught.
                return new Conclusion(Outcome.INCONCLUSIVE, List.of(), 0,
                        "the candidate " + culprit + " was refuted: " + lastReason);
            }
            Verification v = verify(culprit, pool);
            if (!v.refuted()) {
                verifyFlags.addAll(v.flags());
                return c;
            }
            refuted.add(culprit);
            lastReason = v.reason();
            // Verification read that commit's runs one way, the search's model may read them the other (a lone
            // target crash among many clean runs at low reproducibility): the search gets more runs there before
            // it may name an answer again.
            v.disputed().ifPresent(strategy::disputed);
            log.line("refuted " + culprit + ": " + v.reason());
            log.line("");
            Optional<String> badEnd = crashingOldEnd();
            if (badEnd.isPresent()) {
                // The range's premise is gone (a strategy that tests the good end only when needed learns it
                // here): what testing the good end first would have concluded, including the walk to older releases.
                return new Conclusion(Outcome.CRASHES_ON_OLDEST, List.of(), 0,
                        "the crash already happens on the good commit " + badEnd.get());
            }
        }
    }

    /** In a cause bisection, an old (good) end of the range whose runs showed the target crash. */
    private Optional<String> crashingOldEnd() {
        if (config.mode() != Mode.CAUSE || space == null) {
            return Optional.empty();
        }
        return space.outside().stream()
                .filter(end -> evidence.get(end) != null && evidence.get(end).count(RunClass.TARGET) > 0)
                .findFirst();
    }

    /**
     * The commit whose binary is this one's: itself, or for a pruned commit its nearest first-parent ancestor that
     * is not pruned (a pruned commit changes nothing its first parent builds), whose evidence then stands in.
     */
    private String sameBinary(String commit) {
        String c = commit;
        while (pruned.contains(c)) {
            List<String> ps = space.graph().parentHashes(space.graph().indexOf(c));
            if (ps.isEmpty()) {
                return commit;
            }
            c = ps.get(0);
        }
        if (!c.equals(commit)) {
            log.line(commit + " cannot change the binary: " + c + " stands in for it");
        }
        return c;
    }

    /**
     * What verification concluded about a culprit.
     *
     * @param disputed the commit whose runs refuted the answer (a clean side that crashed, a crashing side that did
     *                 not), when a commit's runs did
     */
    private record Verification(boolean refuted, String reason, List<String> flags, Optional<String> disputed) {
        Verification(boolean refuted, String reason, List<String> flags) {
            this(refuted, reason, flags, Optional.empty());
        }
    }

    /**
     * The verification section: the crashing side shows the target (cause: the culprit; fix: its parent), the
     * clean side does not (cause: every parent; fix: the fix), and the start with the culprit reverted (fix: with
     * the fix applied) no longer crashes. Clean checks run until a present bug would have shown with the
     * configured certainty, at the reproducibility seen so far.
     */
    private Verification verify(String culprit, ExecutorService pool) {
        boolean cause = config.mode() == Mode.CAUSE;
        double p = reproducibility();
        int n = cleanRuns(p);
        log.line("verifying " + culprit + String.format(java.util.Locale.ROOT,
                " (reproducibility ~%.2f: %d clean runs needed on each clean side)", p, n));
        List<String> parents = history.parents(culprit);
        List<String> crashing = cause ? List.of(culprit) : parents.subList(0, Math.min(1, parents.size()));
        List<String> clean = cause ? parents : List.of(culprit);
        for (String listed : crashing) {
            String commit = sameBinary(listed);
            log.line("checking that " + commit + " crashes");
            ToIntFunction<TestedCommit> wanted =
                    t -> t.count(RunClass.TARGET) > 0 ? 0 : Math.min(config.jobs(), n - t.runs());
            TestedCommit tc = testUnlessKnown(commit, pool, wanted);
            if (tc.buildFailed()) {
                return new Verification(true, commit + " does not build", List.of());
            }
            if (tc.count(RunClass.TARGET) == 0) {
                return new Verification(true, commit + " did not crash with the target in " + tc.runs() + " runs",
                        List.of(), Optional.of(commit));
            }
        }
        boolean cleanSure = true;
        for (String listed : clean) {
            String commit = sameBinary(listed);
            log.line("checking that " + commit + " does not crash");
            TestedCommit tc = testUnlessKnown(commit, pool, t -> cleanRunsWanted(t, n));
            if (tc.buildFailed()) {
                cleanSure = false;
                log.line(commit + " does not build: the clean side stays unchecked");
                continue;
            }
            if (tc.count(RunClass.TARGET) > 0) {
                return new Verification(true, commit + " crashes with the target too", List.of(),
                        Optional.of(commit));
            }
            cleanSure &= tc.count(RunClass.OK) >= n;
        }
        List<String> flags = new ArrayList<>();
        if (cleanSure) {
            flags.add("verified");
        }
        Change change = verificationChange(culprit, parents);
        String what = (cause ? "the revert of " : "the fix ") + culprit + (cause ? " on " : " applied on ")
                + config.bad();
        log.line("testing " + what);
        BuildResult build;
        synchronized (state) {
            build = treesBuiltAhead.remove(change.treeId(config.bad()));
        }
        if (build != null) {
            log.line("built ahead, during the previous commit's runs");
        } else {
            try {
                build = builder.buildWith(config.bad(), change);
            } catch (ChangeConflictException e) {
                log.line(what + " does not apply cleanly: " + firstLine(e.getMessage()));
                flags.add(cause ? "revert-conflict" : "fix-conflict");
                return new Verification(false, "", flags);
            } catch (UnsupportedOperationException e) {
                log.line(what + " cannot be built here: " + e.getMessage());
                return new Verification(false, "", flags);
            }
            builds++;
            buildTime = buildTime.plus(build.duration());
            lastBuilds.remove(lanes.get(0)); // the checkout now holds a modified tree, not a commit
            span = span.plus(build.duration());
        }
        if (!build.ok()) {
            log.line(what + " does not build: " + firstLine(build.errorSummary()));
            return new Verification(false, "", flags);
        }
        build.signature().ifPresent(sig -> log.line(builder.signatureLabel() + " signature: " + sig));
        TestedCommit changed = new TestedCommit(build.commit(), Phase.VERIFY, build,
                new RunPool(build.signature().orElse(null), build.commit()), false);
        Duration took = runWaves(changed, t -> cleanRunsWanted(t, n), pool, build);
        testTime = testTime.plus(took);
        span = span.plus(took);
        logRuns(changed.visitRuns());
        steps.add(new BisectResult.Step(config.bad(), "verify-" + change.kind().name().toLowerCase(),
                build.signature().orElse(null), false,
                changed.visitRuns().stream().map(RunOutcome::describe).toList(),
                changed.count(RunClass.TARGET) > 0 ? "bad" : "good", build.duration(), took));
        strategy.changeTested(culprit, changed.count(RunClass.TARGET), changed.count(RunClass.OK));
        if (changed.count(RunClass.TARGET) > 0) {
            return new Verification(true, "the crash persists with " + what, List.of());
        }
        if (changed.count(RunClass.OK) >= n) {
            flags.add(cause ? "revert-cures" : "fix-cures");
        }
        return new Verification(false, "", flags);
    }

    /** Runs a clean check still needs: none once the target shows or {@code n} clean runs are in. */
    private int cleanRunsWanted(TestedCommit t, int n) {
        if (t.count(RunClass.TARGET) > 0 || t.count(RunClass.OK) >= n || t.runs() >= 3 * n) {
            return 0;
        }
        return Math.min(config.jobs(), n - t.count(RunClass.OK));
    }

    /**
     * Tests a commit for verification unless what is known of it already answers the check. New runs of commits
     * inside the range are evidence for the strategy like any other.
     */
    private TestedCommit testUnlessKnown(String commit, ExecutorService pool, ToIntFunction<TestedCommit> wanted) {
        TestedCommit known = evidence.get(commit);
        if (known != null && (known.buildFailed() || wanted.applyAsInt(known) <= 0)) {
            log.line(known.buildFailed() ? commit + " does not build (seen before)"
                    : "known from earlier runs: " + known.count(RunClass.TARGET) + " of " + known.runs()
                    + " runs crashed with the target");
            return known;
        }
        TestedCommit tc = test(commit, Phase.VERIFY, pool, wanted);
        if (space != null && space.graph().contains(commit)) {
            strategy.recorded(tc);
        }
        return tc;
    }

    /** The target's reproducibility on the commits known to crash: the mean of its Beta posterior. */
    private double reproducibility() {
        int k = 0;
        int o = 0;
        Set<RunPool> seen = new HashSet<>();
        for (TestedCommit tc : evidence.all()) {
            if (tc.pool() != null && tc.count(RunClass.TARGET) > 0 && seen.add(tc.pool())) {
                k += tc.count(RunClass.TARGET);
                o += tc.count(RunClass.OK);
            }
        }
        return (k + 1.0) / (k + o + 2.0);
    }

    /** n = ceil(ln(1 - C) / ln(1 - p)): clean runs after which a present bug would have shown with certainty C. */
    private int cleanRuns(double p) {
        double n = Math.ceil(Math.log(1 - config.certainty()) / Math.log(1 - Math.min(p, 0.999)));
        return (int) Math.max(1, Math.min(MAX_CLEAN_RUNS, n));
    }

    /** git's word for a verdict: in a fix bisection the crashing commits are the old ("good") side. */
    private String gitWord(Verdict v) {
        if (v == Verdict.SKIP || config.mode() == Mode.CAUSE) {
            return v.word();
        }
        return v == Verdict.BAD ? "good" : "bad";
    }

    private void status(String commit, Decision.Test t) {
        long elapsed = nanoTime.getAsLong() - startNanos;
        String eta = searchSteps > 1
                ? ", about " + Durations.format(Duration.ofNanos(elapsed / (searchSteps - 1) * t.steps())) + " left"
                : "";
        log.status("step " + searchSteps + ": testing " + commit.substring(0, Math.min(12, commit.length())) + ", "
                + t.left() + " revisions left (~" + t.steps() + " steps" + eta + ")");
    }

    /** Builds the commit (or reuses its build) and runs it as long as the strategy wants. */
    private TestedCommit test(String commit, Phase phase, ExecutorService pool) {
        return test(commit, phase, pool, t -> strategy.runsWanted(t, phase));
    }

    /** One lane's commit among several tested at once; its log is held back, its span noted there. */
    private TestedCommit test(String commit, Phase phase, ExecutorService pool, Lane lane, HeldLog out, int slots) {
        Tested t = test(commit, phase, pool, tc -> strategy.runsWanted(tc, phase), lane, out, null, slots);
        out.duration = t.span();
        return t.commit();
    }

    /** Builds the commit (or reuses its build) and runs it as long as {@code wanted} asks for more runs. */
    private TestedCommit test(String commit, Phase phase, ExecutorService pool, ToIntFunction<TestedCommit> wanted) {
        Tested t = test(commit, phase, pool, wanted, lanes.get(0), log, null, config.jobs());
        span = span.plus(t.span());
        return t.commit();
    }

    /** A tested commit and the wall time its step took as scheduled (its build, then its runs beside any builds ahead). */
    private record Tested(TestedCommit commit, Duration span) {
    }

    /**
     * What to build while a commit's runs go on: guesses of the strategy (as many as the runs leave time for), or
     * commits that will be tested next for certain (all of them: the builder would build them next anyway).
     */
    private record AheadPlan(java.util.function.Supplier<Lookahead> lookahead, boolean certain) {
    }

    /**
     * One commit on one lane. Builds and runs happen outside the {@link #state} lock, so lanes overlap; what
     * they share is only touched under it.
     */
    private Tested test(String commit, Phase phase, ExecutorService pool, ToIntFunction<TestedCommit> wanted,
                        Lane lane, BisectLog out, AheadPlan ahead, int slots) {
        out.line("testing commit " + commit + " with " + lane.builder().toolchainId(commit));
        TestedCommit known;
        BuildResult prebuilt;
        synchronized (state) {
            known = evidence.get(commit);
            prebuilt = builtAhead.remove(commit);
        }
        BuildResult build;
        BuildResult last = lastBuilds.get(lane);
        Duration stepBuild = Duration.ZERO;
        if (known != null && known.buildFailed()) {
            build = known.build();
        } else if (prebuilt != null) {
            build = prebuilt;
            out.line("built ahead, during the previous commit's runs");
        } else if (last != null && last.commit().equals(commit)) {
            build = last; // still checked out and built: a second visit in a row needs no rebuild
        } else {
            build = lane.builder().build(commit);
            stepBuild = build.duration();
            countBuild(commit, build);
        }
        lastBuilds.put(lane, build);
        TestedCommit tc;
        if (!build.ok()) {
            out.line("build failed: " + firstLine(build.errorSummary()));
            synchronized (state) {
                tc = evidence.recordBuild(commit, phase, build);
                steps.add(new BisectResult.Step(commit, phase.name().toLowerCase(), null, false, List.of(), "skip",
                        stepBuild, Duration.ZERO));
            }
            return new Tested(tc, stepBuild);
        }
        build.signature().ifPresent(s -> out.line(lane.builder().signatureLabel() + " signature: " + s));
        synchronized (state) {
            tc = evidence.recordBuild(commit, phase, build);
            tc.newVisit();
        }
        if (tc.reused()) {
            out.line("same signature as " + tc.pool().firstCommit() + ": reusing its " + tc.pool().size() + " runs");
        }
        Future<Duration> aheadBuilds = ahead != null && lane.buildsDuringRuns() ? buildAhead(ahead, lane) : null;
        Duration stepTest = runWaves(tc, wanted, pool, build, lane, slots);
        Duration aheadTook = aheadBuilds == null ? Duration.ZERO : await(aheadBuilds, "a build ahead");
        // After the runs: what the build depends on was read meanwhile, and only the next choice needs it.
        if (pruner != null && space != null) {
            synchronized (state) {
                prune(build, false);
            }
        }
        logRuns(tc.visitRuns(), out);
        synchronized (state) {
            testTime = testTime.plus(stepTest);
            Verdict v = target == null ? Verdict.SKIP : strategy.judge(tc, phase);
            steps.add(new BisectResult.Step(commit, phase.name().toLowerCase(), build.signature().orElse(null),
                    tc.reused(), tc.visitRuns().stream().map(RunOutcome::describe).toList(), v.word(), stepBuild,
                    stepTest));
        }
        return new Tested(tc, stepBuild.plus(stepTest.compareTo(aheadTook) >= 0 ? stepTest : aheadTook));
    }

    private void countBuild(String commit, BuildResult build) {
        synchronized (state) {
            builds++;
            built.add(commit);
            buildTime = buildTime.plus(build.duration());
            lastBuildTook = build.duration();
        }
    }

    /**
     * While a commit's runs go on, builds the commits of the plan: every commit that will be tested next for
     * certain; of guesses, as many as the runs leave the builder time for (one wave's length over one build's, both
     * as last seen, rounded), so a build ahead never holds the next step up for long. A wrong guess costs a build.
     */
    private Future<Duration> buildAhead(AheadPlan plan, Lane lane) {
        List<String> todo = new ArrayList<>();
        Change change = null;
        synchronized (state) {
            // The k-th guess is worth building when its expected saving (about half a build: each guess is right
            // about half the time) exceeds the wait it may add (the builds past the end of the runs).
            long fit = plan.certain() ? MAX_BUILT_AHEAD : lastBuildTook.isZero() ? 0
                    : Math.min(MAX_BUILT_AHEAD, Math.round((double) lastWaveTook.toNanos() / lastBuildTook.toNanos()));
            Lookahead expected = fit > 0 ? plan.lookahead().get() : Lookahead.NONE;
            // When the likelier outcome settles the answer, verification comes next: its tree goes first.
            Optional<String> answer = config.verify() ? expected.answer() : Optional.empty();
            if (answer.isPresent()) {
                change = verificationChange(answer.get(), history.parents(answer.get()));
                if (treesBuiltAhead.containsKey(change.treeId(config.bad()))) {
                    change = null;
                } else {
                    fit--;
                }
            }
            for (String guess : expected.next()) {
                if (todo.size() < fit && evidence.get(guess) == null && !builtAhead.containsKey(guess)) {
                    todo.add(guess);
                }
            }
        }
        if (todo.isEmpty() && change == null) {
            return null;
        }
        Change tree = change;
        return aheadPool.submit(() -> {
            Duration took = tree == null ? Duration.ZERO : buildTreeAhead(tree, lane);
            for (String commit : todo) {
                BuildResult b = lane.builder().build(commit);
                countBuild(commit, b);
                lastBuilds.put(lane, b);
                synchronized (state) {
                    builtAhead.put(commit, b);
                    if (b.ok() && pruner != null && space != null) {
                        prune(b, false);
                    }
                }
                took = took.plus(b.duration());
            }
            return took;
        });
    }

    /** The change verification tests for a culprit: its revert on the start (a fix: applied there). */
    private Change verificationChange(String culprit, List<String> parents) {
        return new Change(config.mode() == Mode.CAUSE ? Change.Kind.REVERT : Change.Kind.APPLY, culprit,
                parents.size() > 1 ? 1 : 0);
    }

    /**
     * Builds a verification tree ahead. One that does not apply or cannot be built here is left to verification,
     * which says so.
     */
    private Duration buildTreeAhead(Change change, Lane lane) {
        BuildResult b;
        try {
            b = lane.builder().buildWith(config.bad(), change);
        } catch (ChangeConflictException | UnsupportedOperationException e) {
            return Duration.ZERO;
        } finally {
            lastBuilds.remove(lane); // the checkout now holds a modified tree, not a commit
        }
        synchronized (state) {
            builds++;
            buildTime = buildTime.plus(b.duration());
            lastBuildTook = b.duration();
            treesBuiltAhead.put(change.treeId(config.bad()), b);
        }
        return b.duration();
    }

    private Duration runWaves(TestedCommit tc, ToIntFunction<TestedCommit> wanted, ExecutorService pool,
                              BuildResult build) {
        return runWaves(tc, wanted, pool, build, lanes.get(0), config.jobs());
    }

    /** Runs waves of at most {@code slots} runs (the commit's share of the run slots) while more are wanted. */
    private Duration runWaves(TestedCommit tc, ToIntFunction<TestedCommit> wanted, ExecutorService pool,
                              BuildResult build, Lane lane, int slots) {
        Duration total = Duration.ZERO;
        while (true) {
            int want;
            int base;
            synchronized (state) {
                want = wanted.applyAsInt(tc);
                base = tc.ownRuns();
            }
            if (want <= 0) {
                return total;
            }
            int wave = Math.min(want, slots);
            List<Future<RunOutcome>> futures = new ArrayList<>();
            for (int i = 0; i < wave; i++) {
                int index = base + i;
                futures.add(pool.submit(() -> lane.runner().run(build, index)));
            }
            Duration longest = Duration.ZERO;
            RuntimeException failed = null;
            for (Future<RunOutcome> f : futures) {
                RunOutcome o;
                try {
                    o = await(f, "a test run");
                } catch (RuntimeException e) {
                    // The other runs of the wave still finish (and are journaled by the runner) before the
                    // failure ends the bisection: a finished run is never lost.
                    failed = failed == null ? e : failed;
                    continue;
                }
                synchronized (state) {
                    runs++;
                    tc.addRun(o, target == null ? RunClass.INFRA : target.classify(o));
                }
                if (o.duration().compareTo(longest) > 0) {
                    longest = o.duration();
                }
            }
            if (failed != null) {
                throw failed;
            }
            total = total.plus(longest);
            synchronized (state) {
                lastWaveTook = longest;
            }
        }
    }

    /** The task's result; its own failure rethrown as it was, anything else as an infrastructure failure. */
    private static <T> T await(Future<T> f, String what) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraException("interrupted while waiting for " + what);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new InfraException(what + " failed: " + e.getCause(), e.getCause());
        }
    }

    private void logRuns(List<RunOutcome> outcomes) {
        logRuns(outcomes, log);
    }

    private static void logRuns(List<RunOutcome> outcomes, BisectLog out) {
        if (outcomes.isEmpty()) {
            return;
        }
        String first = outcomes.get(0).describe();
        boolean same = outcomes.stream().allMatch(o -> o.describe().equals(first));
        if (same) {
            out.line("all runs: " + first);
            return;
        }
        for (int i = 0; i < outcomes.size(); i++) {
            out.line("run #" + i + ": " + outcomes.get(i).describe());
        }
    }

    private BisectResult conclude(Conclusion conclusion, ExecutorService pool) {
        List<BisectResult.Culprit> culprits = new ArrayList<>();
        for (Candidate c : conclusion.candidates()) {
            if (c.hash() == null) {
                culprits.add(new BisectResult.Culprit(null, conclusion.outcome() == Outcome.FOUND ? ""
                        : "(outside the range)", "", "", c.probability()));
                continue;
            }
            History.CommitSummary s = history.summary(c.hash());
            culprits.add(new BisectResult.Culprit(c.hash(), s.subject(), s.author() + " <" + s.authorEmail() + ">",
                    s.date(), c.probability()));
        }
        List<String> flags = new ArrayList<>();
        String crash = target.report().text();
        if (conclusion.outcome() == Outcome.FOUND) {
            String culprit = conclusion.candidates().get(0).hash();
            log.line(culprit + " is the " + (config.mode() == Mode.CAUSE ? "first bad commit" : "first good commit"));
            log.line(history.describe(culprit).stripTrailing());
            log.line("");
            crash = flagCulprit(culprit, flags, pool, crash);
        } else if (conclusion.outcome() == Outcome.INCONCLUSIVE && !conclusion.candidates().isEmpty()) {
            log.line(conclusion.reason());
            log.line("the first " + (config.mode() == Mode.CAUSE ? "bad" : "good") + " commit could be any of:");
            for (BisectResult.Culprit c : culprits) {
                log.line(c.hash() == null ? "(outside the range)"
                        : c.hash() + (Double.isNaN(c.probability()) ? "" : String.format(java.util.Locale.ROOT,
                        " %.3f", c.probability())) + " " + c.title());
            }
        } else {
            log.line(conclusion.reason());
        }
        flags.addAll(verifyFlags);
        BisectResult r = result(conclusion.outcome(), culprits, conclusion.confidence(), flags,
                conclusion.outcome() == Outcome.FOUND ? "" : conclusion.reason(), crash);
        logSummary(r);
        return r;
    }

    /** Flags for a found culprit; returns the crash report text to show with it. */
    private String flagCulprit(String culprit, List<String> flags, ExecutorService pool, String crash) {
        TestedCommit tc = evidence.get(culprit);
        List<String> parents = history.parents(culprit);
        if (tc != null && !tc.buildFailed() && tc.build().signature().isPresent() && !parents.isEmpty()) {
            String parent = sameBinary(parents.get(0));
            TestedCommit ptc = evidence.get(parent);
            BuildResult pb;
            if (ptc == null) {
                log.line("building parent " + parent + " to compare signatures");
                pb = builder.build(parent);
                lastBuilds.put(lanes.get(0), pb);
                span = span.plus(pb.duration());
                builds++;
                buildTime = buildTime.plus(pb.duration());
            } else {
                pb = ptc.build();
            }
            String cs = tc.build().signature().get();
            log.line("culprit signature: " + cs);
            log.line("parent  signature: " + pb.signature().orElse("(build failed)"));
            if (pb.signature().map(cs::equals).orElse(false)) {
                flags.add("noop-change");
            }
        }
        if (parents.size() > 1) {
            flags.add("merge");
        }
        if (history.isRelease(culprit)) {
            flags.add("release");
        }
        if (tc != null && tc.pool() != null) {
            Optional<TargetCrash> seen = TargetCrash.mostFrequent(tc.pool().outcomes());
            if (config.mode() == Mode.CAUSE && seen.isPresent()) {
                Report r = seen.get().report();
                if (!target.matches(r)) {
                    flags.add("confused-by-other-crash");
                }
                if (!r.text().isEmpty()) {
                    return r.text();
                }
            }
        }
        return crash;
    }

    private void logSummary(BisectResult r) {
        log.line("revisions tested: " + r.revisionsTested() + ", total time: " + Durations.format(r.total())
                + " (build: " + Durations.format(r.build()) + ", test: " + Durations.format(r.test()) + ")");
        if (r.outcome() == Outcome.FOUND) {
            BisectResult.Culprit c = r.culprits().get(0);
            log.line("first " + (r.mode() == Mode.CAUSE ? "bad" : "good") + " commit: " + c.hash() + " " + c.title());
            Optional<String> guiltyFile = target == null ? Optional.empty()
                    : target.report().guiltyFrame().map(dev.culprit.report.Frame::file).filter(f -> !f.isEmpty());
            Maintainers.Recipients to = history.recipients(c.hash(), guiltyFile);
            if (!to.to().isEmpty() || !to.cc().isEmpty()) {
                log.line("recipients (to): " + Maintainers.Recipients.format(to.to()));
                log.line("recipients (cc): " + Maintainers.Recipients.format(to.cc()));
            }
        }
        if (!Double.isNaN(r.confidence())) {
            log.line(String.format(java.util.Locale.ROOT, "confidence: %.3f", r.confidence()));
        }
        log.line("flags: " + r.flags());
        log.line("verdict: " + r.outcome().label());
        if (!r.targetTitle().isEmpty()) {
            log.line("crash: " + r.targetTitle());
            if (!r.crashReport().isEmpty()) {
                log.line(r.crashReport().stripTrailing());
            }
        }
    }

    private BisectResult finish(Outcome outcome, List<BisectResult.Culprit> culprits, double confidence,
                                List<String> flags, String reason) {
        log.line(reason);
        BisectResult r = result(outcome, culprits, confidence, flags, reason,
                target == null ? "" : target.report().text());
        logSummary(r);
        return r;
    }

    private BisectResult result(Outcome outcome, List<BisectResult.Culprit> culprits, double confidence,
                                List<String> flags, String reason, String crash) {
        Duration total = Duration.ofNanos(nanoTime.getAsLong() - startNanos);
        return new BisectResult(outcome, config.mode(), config.bad(), culprits, confidence, flags,
                target == null ? "" : target.title(), reason, built.size(), builds, runs, total, buildTime,
                testTime, steps, crash == null ? "" : crash, span, pruned.size());
    }

    private static String firstLine(String s) {
        return s.strip().lines().findFirst().orElse("(no output)");
    }
}
