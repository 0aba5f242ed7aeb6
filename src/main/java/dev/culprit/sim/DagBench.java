package dev.culprit.sim;

import dev.culprit.bisect.BisectConfig;
import dev.culprit.bisect.Bisection;
import dev.culprit.bisect.Conclusion;
import dev.culprit.bisect.Decision;
import dev.culprit.bisect.Mode;
import dev.culprit.bisect.Phase;
import dev.culprit.bisect.SearchSpace;
import dev.culprit.bisect.Strategy;
import dev.culprit.bisect.TestedCommit;
import dev.culprit.bisect.Verdict;
import dev.culprit.common.InfraException;
import dev.culprit.common.ProcessResult;
import dev.culprit.common.ProcessSpec;
import dev.culprit.common.Processes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code culprit bench dag}: how long the engine takes to choose the next commit on a big kernel-like history,
 * next to {@code git rev-list --bisect} on a real repository of the same shape.
 *
 * <p>The history is generated ({@link DagGenerator}); the range searched is all of it but its root (tip
 * {@code ^root}). A deterministic target bug is placed in the newest cycle and each strategy bisects it through
 * the real engine ({@link Bisection}); a timing wrapper around the strategy measures {@code next(1)} at the first
 * step (no search results yet: the whole range) and after {@code after} search results. At each measured step the
 * call is repeated: {@code warmup} untimed calls, then {@code reps} timed ones (a strategy's {@code next} only
 * reads its evidence, so repeating it changes nothing). git is timed on the same two ranges: the first as
 * {@code git rev-list --bisect tip ^root}, the second with the bad and good commits classic knows by then,
 * once as the repository is written and once more after {@code git commit-graph write}. Classic's choice must be
 * git's at both steps (it reproduces git's midpoint); the result says whether it was.
 */
public final class DagBench {
    /** The strategies measured, in table order. */
    public static final List<String> STRATEGIES = List.of("classic", "bayes");

    /** What to measure. */
    public record Options(int commits, int commitsPerCycle, long seed, int after, int warmup, int reps, Path work) {
        public Options {
            if (commits < 200 || commitsPerCycle < 50 || after < 1 || warmup < 0 || reps < 1) {
                throw new IllegalArgumentException("bad dag bench options");
            }
        }
    }

    /**
     * One row of the table.
     *
     * @param what     {@code classic}, {@code bayes}, {@code git rev-list --bisect}, ...
     * @param step     1 = the first choice; k + 1 = after k search results
     * @param range    commits still in the range git would search (the strategy's whole graph for bayes)
     * @param chosen   the commit chosen (git hash)
     * @param millis   every timed repetition, in milliseconds
     */
    public record Row(String what, int step, int range, String chosen, double[] millis) {
        public double median() {
            return percentile(millis, 0.5);
        }

        public double p95() {
            return percentile(millis, 0.95);
        }
    }

    /**
     * @param commits     commits of the generated history
     * @param rangeSize   commits of the searched range (all but the root)
     * @param merges      merge commits of the history
     * @param beginMillis per strategy: the one-time {@code begin()} cost (graph helpers), in table order
     * @param rows        the table
     * @param sameAsGit   classic chose git's commit at every measured step
     * @param machine     CPU, cores, JVM, OS, git version
     */
    public record Result(int commits, int rangeSize, int merges, double[] beginMillis, List<Row> rows,
                         boolean sameAsGit, String machine, Options options) {
    }

    private DagBench() {
    }

    public static Result run(Options o, Consumer<String> progress) {
        long t0 = System.nanoTime();
        SimDag dag = DagGenerator.generateSize(o.commits(), o.commitsPerCycle(), o.seed());
        int n = dag.size();
        int root = dag.byOrder(0);
        int merges = 0;
        for (int c = 0; c < n; c++) {
            merges += dag.graph().isMerge(c) ? 1 : 0;
        }
        progress.accept(String.format(Locale.ROOT, "generated %d commits (%d merges) in %.1f s", n, merges,
                (System.nanoTime() - t0) / 1e9));
        t0 = System.nanoTime();
        SimRepo.Written repo = SimRepo.write(dag, o.work().resolve("bench-dag.git"));
        progress.accept(String.format(Locale.ROOT, "wrote %s with git fast-import in %.1f s", repo.dir(),
                (System.nanoTime() - t0) / 1e9));

        Scenario scenario = Scenario.parse("{\"name\": \"bench-dag\", \"good\": \"given\", \"target\": {\"titles\":"
                + " [\"KASAN: use-after-free Read in bench_dag\"], \"p\": 1.0}}", "bench-dag");
        World world = World.draw(scenario, dag, World.mix(o.seed(), 3));

        List<Row> rows = new ArrayList<>();
        double[] begin = new double[STRATEGIES.size()];
        List<List<Integer>> gitRanges = new ArrayList<>(); // classic's [bad, goods...] at each measured step
        List<String> classicChoices = new ArrayList<>();
        for (int s = 0; s < STRATEGIES.size(); s++) {
            String name = STRATEGIES.get(s);
            Timed timed = new Timed(Simulation.strategy(name, scenario.runsPerCommit()), o, world);
            // The start and the good end are built first, then one build per search step.
            BisectConfig config = new BisectConfig(Mode.CAUSE, dag.hash(dag.tip()), List.of(dag.hash(root)), null,
                    Optional.empty(), 1, 2 + o.after() + 1);
            SimClock clock = new SimClock(1);
            new Bisection(config, new SimHistory(dag), clock.builder(new SimBuilder(world)),
                    clock.runner(new SimRunner(world)), timed, line -> { }, clock::nanos).run();
            if (timed.measured.size() < 2) {
                throw new IllegalStateException(name + " concluded before step " + (o.after() + 1));
            }
            begin[s] = timed.beginMillis;
            for (Timed.Step st : timed.measured) {
                int idx = dag.graph().indexOf(st.chosen);
                rows.add(new Row(name, st.step, st.range, repo.hash(idx), st.millis));
                if (name.equals("classic")) {
                    gitRanges.add(st.gitRange);
                    classicChoices.add(repo.hash(idx));
                }
                progress.accept(String.format(Locale.ROOT, "%s step %d: median %.1f ms", name, st.step,
                        percentile(st.millis, 0.5)));
            }
        }

        boolean same = true;
        for (boolean graphFile : new boolean[] {false, true}) {
            if (graphFile) {
                gitOk(repo.dir(), List.of("git", "commit-graph", "write", "--reachable"));
            }
            for (int i = 0; i < gitRanges.size(); i++) {
                List<Integer> r = gitRanges.get(i);
                List<String> argv = new ArrayList<>(List.of("git", "rev-list", "--bisect", repo.hash(r.get(0)),
                        "^" + repo.hash(root)));
                for (int g : r.subList(1, r.size())) {
                    argv.add("^" + repo.hash(g));
                }
                argv.add("--");
                double[] ms = new double[o.reps()];
                String chosen = "";
                for (int k = -o.warmup(); k < o.reps(); k++) {
                    ProcessResult pr = gitOk(repo.dir(), argv);
                    chosen = pr.stdout().strip();
                    if (k >= 0) {
                        ms[k] = pr.duration().toNanos() / 1e6;
                    }
                }
                same &= chosen.equals(classicChoices.get(i));
                Row classic = rows.get(i);
                String what = graphFile ? "git rev-list --bisect (commit-graph)" : "git rev-list --bisect";
                rows.add(new Row(what, classic.step(), classic.range(), chosen, ms));
                progress.accept(String.format(Locale.ROOT, "%s step %d: median %.1f ms", what, classic.step(),
                        percentile(ms, 0.5)));
            }
        }
        return new Result(n, n - 1, merges, begin, rows, same, machine(o.work()), o);
    }

    private static ProcessResult gitOk(Path dir, List<String> argv) {
        ProcessResult r = new Processes().run(ProcessSpec.of(dir, Duration.ofMinutes(10), argv).withEnv(SimRepo.ENV));
        if (!r.ok()) {
            throw new InfraException(String.join(" ", argv) + " failed in " + dir + ": " + r.failureSummary());
        }
        return r;
    }

    /** The strategy under test, with {@code next(1)} timed at the first search step and after {@code after}. */
    private static final class Timed implements Strategy {
        record Step(int step, int range, String chosen, double[] millis, List<Integer> gitRange) {
        }

        private final Strategy inner;
        private final Options o;
        private final World world;
        private final List<Step> measured = new ArrayList<>();
        private SearchSpace space;
        private double beginMillis;
        private int calls;

        Timed(Strategy inner, Options o, World world) {
            this.inner = inner;
            this.o = o;
            this.world = world;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public int runsWanted(TestedCommit commit, Phase phase) {
            return inner.runsWanted(commit, phase);
        }

        @Override
        public Verdict judge(TestedCommit commit, Phase phase) {
            return inner.judge(commit, phase);
        }

        @Override
        public void begin(SearchSpace space) {
            this.space = space;
            long t = System.nanoTime();
            inner.begin(space);
            beginMillis = (System.nanoTime() - t) / 1e6;
        }

        @Override
        public Decision next(int slots) {
            calls++;
            if (calls != 1 && calls != o.after() + 1) {
                return inner.next(slots);
            }
            for (int k = 0; k < o.warmup(); k++) {
                inner.next(slots);
            }
            double[] ms = new double[o.reps()];
            Decision d = null;
            for (int k = 0; k < o.reps(); k++) {
                long t = System.nanoTime();
                d = inner.next(slots);
                ms[k] = (System.nanoTime() - t) / 1e6;
            }
            if (d instanceof Decision.Test test) {
                List<Integer> gitRange = gitRange();
                measured.add(new Step(calls, rangeSize(gitRange), test.commits().get(0), ms, gitRange));
            }
            return d;
        }

        /**
         * The newest bad commit and every good one tested so far in the range: with a deterministic bug, exactly
         * what git's bisect refs would hold.
         */
        private List<Integer> gitRange() {
            var g = world.dag().graph();
            int bad = g.indexOf(space.newEnd());
            List<Integer> goods = new ArrayList<>();
            for (TestedCommit tc : space.evidence().all()) {
                int c = g.indexOf(tc.hash());
                if (c < 0 || !space.graph().contains(tc.hash())) {
                    continue;
                }
                if (world.targetPresent(c)) {
                    bad = c;
                } else {
                    goods.add(c);
                }
            }
            List<Integer> out = new ArrayList<>();
            out.add(bad);
            out.addAll(goods);
            return out;
        }

        private int rangeSize(List<Integer> badAndGoods) {
            var in = world.dag().ancestorsOrSelf(badAndGoods.get(0));
            in.andNot(world.dag().ancestorsOrSelf(world.dag().byOrder(0)));
            for (int g : badAndGoods.subList(1, badAndGoods.size())) {
                in.andNot(world.dag().ancestorsOrSelf(g));
            }
            return in.cardinality();
        }

        @Override
        public void recorded(TestedCommit commit) {
            inner.recorded(commit);
        }

        @Override
        public Conclusion concludeNow(String reason) {
            return inner.concludeNow(reason);
        }

        @Override
        public String beliefLine() {
            return inner.beliefLine();
        }

        @Override
        public void changeTested(String commit, int targetRuns, int okRuns) {
            inner.changeTested(commit, targetRuns, okRuns);
        }
    }

    static double percentile(double[] values, double q) {
        double[] v = values.clone();
        Arrays.sort(v);
        // nearest rank
        int rank = (int) Math.ceil(q * v.length);
        return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
    }

    /** One line about the machine: CPU model, cores, memory given to the JVM, JVM, OS, git. */
    static String machine(Path dir) {
        String cpu = System.getProperty("os.arch");
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).strip();
                    break;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: the architecture will do
        }
        String git = "git ?";
        try {
            git = gitOk(dir, List.of("git", "--version")).stdout().strip();
        } catch (RuntimeException e) {
            // reported as unknown
        }
        return String.format(Locale.ROOT, "%s, %d cores, JVM %s (max heap %d MB), %s %s, %s", cpu,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("os.name"),
                System.getProperty("os.version"), git);
    }
}
