package dev.culprit.sim;

import dev.culprit.bisect.BayesStrategy;
import dev.culprit.bisect.BisectConfig;
import dev.culprit.bisect.BisectLog;
import dev.culprit.bisect.BisectResult;
import dev.culprit.bisect.Bisection;
import dev.culprit.bisect.ClassicStrategy;
import dev.culprit.bisect.History;
import dev.culprit.bisect.Mode;
import dev.culprit.bisect.Strategy;
import dev.culprit.common.BadInputException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs bisections of simulated worlds through the real engine ({@link Bisection}) with the chosen strategy.
 * Trial i of a scenario draws the same history and truth for every strategy (its seed depends only on the
 * scenario seed and i), so strategies are compared on identical worlds.
 */
public final class Simulation {
    /** The confidence the bayes strategy is asked for: culprit's default. */
    public static final double CONFIDENCE = 0.95;
    /**
     * A build budget no sane bisection of these ranges needs (git needs ~15 steps for 20,000 commits): it only
     * keeps a strategy that stops making progress from running forever, and a trial that hits it says so.
     */
    public static final int MAX_BUILDS = 120;

    private final Map<String, SimDag> loaded = new ConcurrentHashMap<>();
    private final Function<Scenario.Dag, SimDag> loader;

    /** @param loader loads a history from a real repository ({@link Scenario.Dag#repo()}) */
    public Simulation(Function<Scenario.Dag, SimDag> loader) {
        this.loader = loader;
    }

    /** A simulation that generates histories, or loads them from the repository a scenario names. */
    public Simulation() {
        this(SimRepo::load);
    }

    /** The seed of trial i of a run seeded with {@code seed}. */
    public static long trialSeed(long seed, int i) {
        return World.mix(seed, 0x7472_6961_6cL + i);
    }

    /** The history of a trial: generated from the trial seed, or the scenario's repository (loaded once). */
    public SimDag dag(Scenario s, long trialSeed) {
        if (s.dag().repo() != null) {
            return loaded.computeIfAbsent(s.dag().repo() + "@" + s.dag().rev(), k -> loader.apply(s.dag()));
        }
        return DagGenerator.generate(s.dag(), World.mix(trialSeed, 1));
    }

    /** Runs {@code trials} trials on {@code threads} threads; results in trial order. */
    public List<Trial> run(Scenario s, String strategy, int trials, long seed, int threads) {
        if (threads <= 1) {
            List<Trial> out = new ArrayList<>();
            for (int i = 0; i < trials; i++) {
                out.add(trial(s, strategy, i, seed, line -> { }));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "culprit-sim");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Trial>> fs = new ArrayList<>();
            for (int i = 0; i < trials; i++) {
                int idx = i;
                fs.add(pool.submit(() -> trial(s, strategy, idx, seed, line -> { })));
            }
            List<Trial> out = new ArrayList<>();
            for (Future<Trial> f : fs) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One trial: draws the world, bisects it with the engine, judges the answer. */
    public Trial trial(Scenario s, String strategyName, int i, long seed, BisectLog log) {
        long ts = trialSeed(seed, i);
        SimDag dag = dag(s, ts);
        World world = World.draw(s, dag, World.mix(ts, 2));
        return bisect(world, strategyName, i, ts, log);
    }

    /** Bisects one drawn world. */
    public static Trial bisect(World world, String strategyName, int i, long trialSeed, BisectLog log) {
        Scenario s = world.scenario();
        SimDag dag = world.dag();
        Strategy strategy = strategy(strategyName, s.runsPerCommit());
        BisectConfig config;
        String truth;
        String expected;
        int answer;
        if (s.fixMode()) {
            int start = oldEnd(dag);
            config = new BisectConfig(Mode.FIX, dag.hash(start), List.of(), dag.hash(dag.tip()), Optional.empty(),
                    s.costs().slots(), MAX_BUILDS, verifies(strategyName), 0.95);
            answer = world.target().fix();
            expected = answer < 0 ? "not-fixed" : "culprit";
        } else {
            List<String> goods = s.good().equals("given") ? List.of(dag.hash(oldEnd(dag))) : List.of();
            config = new BisectConfig(Mode.CAUSE, dag.hash(dag.tip()), goods, null, Optional.empty(),
                    s.costs().slots(), MAX_BUILDS, verifies(strategyName), 0.95);
            answer = world.target().culprit();
            int oldest = goods.isEmpty() ? oldestRelease(world) : oldEnd(dag);
            expected = oldest >= 0 && world.targetPresent(oldest) ? "crashes-on-oldest" : "culprit";
        }
        truth = answer < 0 ? null : dag.hash(answer);
        boolean identifiable = answer >= 0 && identifiable(world, answer);
        SimClock clock = new SimClock(s.costs().slots());
        History history = new SimHistory(dag);
        List<Bisection.Lane> lanes = new ArrayList<>();
        for (int lane = 0; lane < s.costs().lanes(); lane++) {
            // One build machine per lane (its own incremental build state), the runs on the lane's share of slots.
            // A simulated build leaves nothing the runs need: the next build may go on beside them.
            lanes.add(new Bisection.Lane(clock.builder(new SimBuilder(world)), clock.runner(new SimRunner(world)),
                    s.costs().buildAhead() && buildsAhead(strategyName)));
        }
        Bisection bisection = new Bisection(config, history, lanes, strategy, log, clock::nanos);
        if (s.dag().prune() && world.hasIrrelevant()) {
            // What the build's dependency files would show: the world's commits that touch no compiled file.
            bisection.pruner((space, build) -> Optional.of(world.irrelevantIn(space.graph())));
        }
        BisectResult r = bisection.run();
        List<String> cands = new ArrayList<>();
        for (BisectResult.Culprit c : r.culprits()) {
            cands.add(c.hash() == null ? "" : c.hash());
        }
        boolean right = Trial.judge(expected, truth, identifiable, r);
        return new Trial(s.name(), strategyName, i, trialSeed, truth, expected, identifiable, r.outcome().label(),
                cands.isEmpty() ? "" : cands.get(0), cands, r.confidence(), right, r.builds(), r.runs(),
                minutes(r.build()), minutes(r.test()), minutes(r.span()), r.flags());
    }

    /**
     * Whether the engine builds ahead for the strategy: bayes as culprit does; classic stays syzbot's schedule, one
     * kernel built and then tested, nothing built while the runs go on.
     */
    static boolean buildsAhead(String strategyName) {
        return strategyName.equals("bayes");
    }

    /**
     * Whether the strategy's bisections verify their answer: bayes as culprit runs by default; classic stays
     * syzbot's rules, which name the answer unchecked.
     */
    static boolean verifies(String strategyName) {
        return strategyName.equals("bayes");
    }

    private static double minutes(Duration d) {
        return d.toMillis() / 60_000.0;
    }

    /**
     * The old end of the newest cycle: the last release before the tip, or for a history without release tags
     * (a loaded repository may have none) its oldest commit.
     */
    static int oldEnd(SimDag dag) {
        return dag.boundary(0) >= 0 ? dag.boundary(0) : dag.byOrder(0);
    }

    /** The oldest release the release walk would reach, or -1. */
    private static int oldestRelease(World world) {
        SimDag dag = world.dag();
        List<History.Release> rs = new SimHistory(dag).releasesBefore(dag.hash(dag.tip()));
        return rs.isEmpty() ? -1 : dag.graph().indexOf(rs.get(rs.size() - 1).commit());
    }

    /** The answer and every parent of it can show the target: otherwise no test can single it out. */
    static boolean identifiable(World world, int answer) {
        if (!world.observable(answer)) {
            return false;
        }
        for (int p : world.dag().graph().parents(answer)) {
            if (!world.observable(p)) {
                return false;
            }
        }
        return true;
    }

    /** Builds the strategy by name, as {@code culprit bisect --strategy} does. */
    public static Strategy strategy(String name, int runs) {
        return switch (name) {
            case "bayes" -> new BayesStrategy(runs, CONFIDENCE);
            case "classic" -> new ClassicStrategy(runs);
            default -> throw new BadInputException("unknown strategy '" + name + "': use bayes or classic");
        };
    }
}
