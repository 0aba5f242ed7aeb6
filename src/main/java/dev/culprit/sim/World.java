package dev.culprit.sim;

import dev.culprit.build.Change;
import dev.culprit.report.CrashType;
import dev.culprit.report.Report;
import dev.culprit.run.RunOutcome;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One draw of a scenario: a history with every commit's truth fixed. Which bugs a commit has, whether it builds
 * and boots, and its build signature all follow from ancestry: a bug (or a broken range) is present at a commit
 * when its introducing commit is an ancestor-or-self and its fixing commit is not. No-op commits (never one that
 * introduces or removes anything) get their first parent's signature and, by the same ancestry rule, exactly
 * their parent's behaviour: the simulator keeps the promise the engine relies on (same binary, same behaviour).
 *
 * <p>A run draws its own randomness from (trial seed, commit, run index) only, so outcomes do not depend on
 * which thread runs them or in what order.
 */
public final class World {
    /** A placed bug. {@code fix} is -1 when it is never fixed in this history. */
    public record PlacedBug(Scenario.Bug spec, int culprit, int fix, BitSet present) {
    }

    /** A placed broken range. {@code to} is -1 when it stays broken. */
    public record PlacedRange(Scenario.Broken spec, int from, int to, BitSet members) {
    }

    private final Scenario scenario;
    private final SimDag dag;
    private final long seed;
    private final PlacedBug target;
    private final List<PlacedBug> unrelated;
    private final List<PlacedRange> buildBroken;
    private final List<PlacedRange> bootBroken;
    private final boolean[] noop;
    /** Commits whose changes touch no compiled file (a subset of the no-ops), see {@link Scenario.Dag#irrelevantShare}. */
    private final boolean[] irrelevant;
    private final String[] signature;

    private World(Scenario scenario, SimDag dag, long seed) {
        this.scenario = scenario;
        this.dag = dag;
        this.seed = seed;
        SplittableRandom rng = new SplittableRandom(mix(seed, 0x5ca1ab1eL));
        Set<Integer> placed = new HashSet<>();
        this.target = placeBug(scenario.target(), -1, rng, placed);
        List<PlacedBug> others = new ArrayList<>();
        for (Scenario.Bug b : scenario.unrelated()) {
            others.add(placeBug(b, target.culprit(), rng, placed));
        }
        this.unrelated = List.copyOf(others);
        this.buildBroken = placeRanges(scenario.buildBroken(), rng, placed);
        this.bootBroken = placeRanges(scenario.bootBroken(), rng, placed);
        this.noop = drawNoops(rng, placed);
        // A stream of its own: scenarios without irrelevant commits draw exactly what they drew before.
        this.irrelevant = drawIrrelevant(new SplittableRandom(mix(seed, 0x1dea5e7L)), placed);
        this.signature = signatures();
    }

    /** Draws a world of the scenario on the given history. */
    public static World draw(Scenario scenario, SimDag dag, long seed) {
        return new World(scenario, dag, seed);
    }

    private PlacedBug placeBug(Scenario.Bug b, int targetCulprit, SplittableRandom rng, Set<Integer> placed) {
        int culprit = place(b.culprit(), targetCulprit, -1, rng, placed, true);
        int fix = b.fix() == null ? -1 : place(b.fix(), targetCulprit, culprit, rng, placed, false);
        return new PlacedBug(b, culprit, fix, span(culprit, fix));
    }

    private List<PlacedRange> placeRanges(List<Scenario.Broken> specs, SplittableRandom rng, Set<Integer> placed) {
        List<PlacedRange> out = new ArrayList<>();
        for (Scenario.Broken s : specs) {
            int from = place(s.from(), target.culprit(), -1, rng, placed, true);
            int to = s.to() == null ? -1 : place(s.to(), target.culprit(), from, rng, placed, false);
            out.add(new PlacedRange(s, from, to, span(from, to)));
        }
        return List.copyOf(out);
    }

    /** Descendants-or-self of {@code from} that are not descendants-or-self of {@code to}. */
    private BitSet span(int from, int to) {
        BitSet s = dag.descendantsOrSelf(from);
        if (to >= 0) {
            s.andNot(dag.descendantsOrSelf(to));
        }
        return s;
    }

    /**
     * Draws a commit by the rule. {@code start} >= 0 makes it an end: it must be a strict descendant of start.
     * When nothing matches the rule the branch filter is dropped; an end that still finds nothing is -1 (never).
     */
    private int place(Scenario.Place p, int targetCulprit, int start, SplittableRandom rng, Set<Integer> placed,
                      boolean required) {
        BitSet after = start >= 0 ? dag.descendantsOrSelf(start) : null;
        int ref = p.near().equals("start") ? start : targetCulprit;
        // The rule first; then without its branch filter; then (for ends only) ever wider windows, so that a
        // range meant to end does end (a never-fixed build break would break the starting commit too).
        for (int attempt = 0; attempt < (required ? 2 : 6); attempt++) {
            List<Integer> window = window(p, targetCulprit, start, attempt < 2 ? 1 : 1 << (2 * (attempt - 1)));
            List<Integer> ok = new ArrayList<>();
            for (int c : window) {
                if (placed.contains(c) || c == start || (after != null && !after.get(c))) {
                    continue;
                }
                if (attempt == 0 && !matches(p.on(), c, ref)) {
                    continue;
                }
                if (attempt >= 1 && dag.isMerge(c) && !p.on().equals("merge") && !p.on().equals("mainline")) {
                    continue;
                }
                ok.add(c);
            }
            if (!ok.isEmpty()) {
                int c = ok.get(rng.nextInt(ok.size()));
                placed.add(c);
                return c;
            }
        }
        if (!required) {
            return -1;
        }
        throw new IllegalArgumentException("scenario " + scenario.name() + ": no commit matches " + p);
    }

    private List<Integer> window(Scenario.Place p, int targetCulprit, int start, int widen) {
        int ref = p.near().equals("target") ? targetCulprit : p.near().equals("start") ? start : -1;
        if (!p.near().isEmpty() && ref >= 0) {
            List<Integer> w = new ArrayList<>();
            int at = dag.order(ref);
            int lo = at + Math.min(p.offsetFrom() * widen, p.offsetFrom());
            int hi = at + Math.max(p.offsetTo() * widen, p.offsetTo());
            for (int r = Math.max(0, lo); r <= Math.min(dag.size() - 1, hi); r++) {
                if (r != at) {
                    w.add(dag.byOrder(r));
                }
            }
            return w;
        }
        int cyc = Math.min(p.cycle(), dag.cycles() - 1);
        List<Integer> members = dag.cycleMembers(cyc);
        double mid = (p.from() + p.to()) / 2;
        double half = Math.min(1, (p.to() - p.from()) / 2 * widen);
        int lo = (int) Math.floor(Math.max(0, mid - half) * members.size());
        int hi = Math.max(lo + 1, (int) Math.ceil(Math.min(1, mid + half) * members.size()));
        return members.subList(Math.min(lo, members.size() - 1), Math.min(hi, members.size()));
    }

    private boolean matches(String on, int c, int ref) {
        boolean merge = dag.isMerge(c);
        return switch (on) {
            case "mainline" -> dag.mainline(c);
            case "merge" -> merge;
            case "topic" -> !merge && !dag.mainline(c);
            case "same-branch" -> !merge && ref >= 0 && dag.branch(c) == dag.branch(ref);
            default -> !merge;
        };
    }

    private boolean[] drawNoops(SplittableRandom rng, Set<Integer> placed) {
        int n = dag.size();
        boolean[] out = new boolean[n];
        double share = scenario.dag().noopShare();
        for (int i = 0; i < n; i++) {
            out[i] = eligibleNoop(i, placed) && rng.nextDouble() < share;
        }
        Scenario.NoopNear near = scenario.noopNearTarget();
        if (near != null) {
            int at = dag.order(target.culprit());
            for (int r = Math.max(0, at - near.radius()); r <= Math.min(n - 1, at + near.radius()); r++) {
                int c = dag.byOrder(r);
                if (dag.branch(c) == dag.branch(target.culprit()) && eligibleNoop(c, placed)
                        && rng.nextDouble() < near.share()) {
                    out[c] = true;
                }
            }
        }
        return out;
    }

    private boolean[] drawIrrelevant(SplittableRandom rng, Set<Integer> placed) {
        int n = dag.size();
        boolean[] out = new boolean[n];
        double share = scenario.dag().irrelevantShare();
        if (share <= 0) {
            return out;
        }
        for (int i = 0; i < n; i++) {
            out[i] = eligibleNoop(i, placed) && rng.nextDouble() < share;
            noop[i] |= out[i]; // touching no compiled file, it cannot change the binary
        }
        return out;
    }

    /** Whether some commit of this world touches no compiled file. */
    public boolean hasIrrelevant() {
        for (boolean b : irrelevant) {
            if (b) {
                return true;
            }
        }
        return false;
    }

    /** The commits of {@code range} whose changes touch no compiled file (what dependency pruning finds). */
    public Set<String> irrelevantIn(dev.culprit.vcs.CommitGraph range) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < range.size(); i++) {
            int c = dag.graph().indexOf(range.hash(i));
            if (c >= 0 && irrelevant[c]) {
                out.add(range.hash(i));
            }
        }
        return out;
    }

    /** Merges, roots and the commits that change behaviour are never no-ops. */
    private boolean eligibleNoop(int c, Set<Integer> placed) {
        return !placed.contains(c) && !dag.isMerge(c) && dag.graph().parents(c).length == 1;
    }

    private String[] signatures() {
        int n = dag.size();
        String[] sig = new String[n];
        for (int r = 0; r < n; r++) {
            int c = dag.byOrder(r);
            sig[c] = noop[c] ? sig[dag.graph().parents(c)[0]]
                    : String.format(Locale.ROOT, "%016x%016x%016x%016x", mix(seed, 2L * c), mix(seed, 2L * c + 1),
                    mix(seed ^ 0x9e3779b97f4a7c15L, c), mix(seed, ~(long) c));
        }
        return sig;
    }

    /** A signature of its own for a tree made from a commit with signature {@code base}. */
    static String mixedSignature(String base, String treeId) {
        long h = treeId.hashCode();
        return String.format(Locale.ROOT, "%016x%016x%016x%016x", mix(h, base.hashCode()), mix(h, 1), mix(h, 2),
                mix(h, 3));
    }

    public Scenario scenario() {
        return scenario;
    }

    public SimDag dag() {
        return dag;
    }

    public long seed() {
        return seed;
    }

    public PlacedBug target() {
        return target;
    }

    public List<PlacedBug> unrelated() {
        return unrelated;
    }

    public List<PlacedRange> buildBroken() {
        return buildBroken;
    }

    public List<PlacedRange> bootBroken() {
        return bootBroken;
    }

    public boolean noop(int c) {
        return noop[c];
    }

    public String signature(int c) {
        return signature[c];
    }

    public boolean builds(int c) {
        for (PlacedRange r : buildBroken) {
            if (r.members().get(c)) {
                return false;
            }
        }
        return true;
    }

    /** Probability that a run at c fails to boot because of a boot-broken range. */
    public double bootFailure(int c) {
        double ok = 1;
        for (PlacedRange r : bootBroken) {
            if (r.members().get(c)) {
                ok *= 1 - r.spec().p();
            }
        }
        return 1 - ok;
    }

    private static boolean present(PlacedBug b, int c, Change change, int changed) {
        if (change != null && changed >= 0) {
            if (change.kind() == Change.Kind.REVERT && changed == b.culprit()) {
                return false;
            }
            if (change.kind() == Change.Kind.APPLY && changed == b.fix()) {
                return false;
            }
        }
        return b.present().get(c);
    }

    /** The trees verification built: tree id (see {@link Change#treeId}) to base commit and change. */
    private final java.util.Map<String, Tree> trees = new java.util.concurrent.ConcurrentHashMap<>();

    /** A commit with a change on top. */
    public record Tree(int base, Change change) {
    }

    void registerTree(String id, Tree tree) {
        trees.put(id, tree);
    }

    java.util.Optional<Tree> tree(String id) {
        return java.util.Optional.ofNullable(trees.get(id));
    }

    public boolean targetPresent(int c) {
        return target.present().get(c);
    }

    /**
     * Whether a run at c can show the target at all: it builds, it can boot, and no unrelated bug is certain to
     * win every run there.
     */
    public boolean observable(int c) {
        if (!builds(c) || bootFailure(c) >= 1) {
            return false;
        }
        for (PlacedBug b : unrelated) {
            if (b.present().get(c) && b.spec().p() >= 1 && (b.spec().first() || b.spec().boot())) {
                return false;
            }
        }
        return true;
    }

    /**
     * One run at commit c (which builds). Order of events: the infrastructure may fail; the kernel may fail to
     * boot (a broken range, or a bug that fires at boot); then every present bug fires with its p, and among
     * those that fired a "first" bug wins, else one at random. Durations: a clean run takes about
     * {@code runMinutes}, a crash ends it early, a boot failure or an infrastructure error sooner still.
     */
    public RunOutcome run(int c, int index) {
        return run(c, index, null);
    }

    /**
     * One run of commit c with a change on top (verification's trees: the start with the culprit reverted, or a
     * fix applied), {@code change} null for the commit itself. A bug is in such a tree as at c, except that
     * reverting the commit that brought it, or applying the commit that removed it, takes it out.
     */
    public RunOutcome run(int c, int index, Change change) {
        int changed = change == null ? -1 : dag.graph().indexOf(change.commit());
        long stream = change == null ? 0x7275_6e73L + c
                : mix(0x7472_6565L + c, (change.kind() == Change.Kind.REVERT ? 1 : 2) * 1_000_003L + changed);
        SplittableRandom r = new SplittableRandom(mix(mix(seed, stream), index));
        double minutes = scenario.costs().runMinutes();
        if (r.nextDouble() < scenario.infraRate()) {
            return new RunOutcome.InfraError("simulated infrastructure failure (VM lost)",
                    minutes(minutes * (0.05 + 0.45 * r.nextDouble())), Optional.empty());
        }
        for (PlacedRange b : bootBroken) {
            if (b.members().get(c) && r.nextDouble() < b.spec().p()) {
                return new RunOutcome.BootFailed(Report.synthetic(b.spec().title(), CrashType.PANIC),
                        minutes(minutes * 0.1), Optional.empty());
            }
        }
        List<PlacedBug> fired = new ArrayList<>();
        List<PlacedBug> all = new ArrayList<>(unrelated.size() + 1);
        all.add(target);
        all.addAll(unrelated);
        for (PlacedBug b : all) {
            // Draw for every bug, present or not, so that one bug's presence does not shift another's draws.
            double u = r.nextDouble();
            if (present(b, c, change, changed) && u < b.spec().p()) {
                fired.add(b);
            }
        }
        double pick = r.nextDouble();
        double titlePick = r.nextDouble();
        double when = r.nextDouble();
        if (fired.isEmpty()) {
            return new RunOutcome.Ok(minutes(minutes * (0.95 + 0.1 * when)), Optional.empty());
        }
        PlacedBug winner = null;
        for (PlacedBug b : fired) {
            if (b.spec().boot()) {
                winner = b;
                break;
            }
        }
        for (PlacedBug b : fired) {
            if (winner == null && b.spec().first()) {
                winner = b;
            }
        }
        if (winner == null) {
            winner = fired.get(Math.min(fired.size() - 1, (int) (pick * fired.size())));
        }
        List<String> titles = winner.spec().titles();
        String title = titles.get(Math.min(titles.size() - 1, (int) (titlePick * titles.size())));
        Report report = Report.synthetic(title, typeOf(title));
        if (winner.spec().boot()) {
            return new RunOutcome.BootFailed(report, minutes(minutes * 0.1), Optional.empty());
        }
        return new RunOutcome.Crashed(report, minutes(minutes * (0.05 + 0.9 * when)), Optional.empty());
    }

    static CrashType typeOf(String title) {
        if (title.startsWith("WARNING")) {
            return CrashType.WARNING;
        }
        if (title.startsWith("KASAN")) {
            return CrashType.KASAN;
        }
        if (title.startsWith("general protection fault")) {
            return CrashType.GPF;
        }
        if (title.startsWith("BUG")) {
            return CrashType.BUG;
        }
        if (title.startsWith("INFO: task hung")) {
            return CrashType.HUNG_TASK;
        }
        return CrashType.UNKNOWN;
    }

    static Duration minutes(double m) {
        return Duration.ofMillis(Math.round(m * 60_000));
    }

    /** SplitMix64's finaliser over a pair: a well-spread seed for each (seed, key). */
    static long mix(long seed, long key) {
        long z = seed + 0x9e3779b97f4a7c15L * (key + 1);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
