package dev.culprit.sim;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.culprit.common.BadInputException;

import java.util.List;
import java.util.Objects;

/**
 * A simulated world, as a scenario file describes it: the shape of the history, the truth (the target bug and
 * its culprit, unrelated bugs, build- and boot-broken ranges, infrastructure errors, no-op commits) and the
 * costs. Positions are drawn anew in every trial from {@link Place} rules, so one scenario stands for many
 * histories of the same kind; what makes them comparable across strategies is the trial seed.
 *
 * <p>Every field has a default so that a scenario file only says what differs from an ordinary kernel
 * bisection (see {@code src/main/resources/sim/*.json}).
 *
 * @param name           short name, used on the command line and in the table
 * @param description    one line for humans
 * @param mode           {@code cause} or {@code fix}
 * @param good           cause bisection: {@code release} walks the release tags as syzbot does; {@code given}
 *                       passes the previous release as {@code --good}
 * @param runsPerCommit  the strategies' {@code --runs}
 * @param dag            the history
 * @param target         the bug being chased
 * @param unrelated      other bugs of the same kernel, each able to hide the target in a run
 * @param buildBroken    ranges that do not build (from the breaking commit to the fixing one)
 * @param bootBroken     ranges that do not boot
 * @param infraRate      probability that a run fails for reasons outside the kernel (VM, network)
 * @param noopNearTarget extra no-op commits around the target's culprit
 * @param costs          minutes per build and per run, VM slots
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Scenario(String name, String description, String mode, String good, Integer runsPerCommit, Dag dag,
                       Bug target, List<Bug> unrelated, List<Broken> buildBroken, List<Broken> bootBroken,
                       Double infraRate, NoopNear noopNearTarget, Costs costs) {

    public Scenario {
        Objects.requireNonNull(name, "a scenario needs a name");
        description = description == null ? "" : description;
        mode = mode == null ? "cause" : mode;
        good = good == null ? "release" : good;
        runsPerCommit = runsPerCommit == null ? 10 : runsPerCommit;
        dag = dag == null ? new Dag(null, null, null, null, null, null, null, null) : dag;
        Objects.requireNonNull(target, "scenario " + name + " needs a target bug");
        unrelated = unrelated == null ? List.of() : List.copyOf(unrelated);
        buildBroken = buildBroken == null ? List.of() : List.copyOf(buildBroken);
        bootBroken = bootBroken == null ? List.of() : List.copyOf(bootBroken);
        infraRate = infraRate == null ? 0.0 : infraRate;
        costs = costs == null ? new Costs(null, null, null, null, null, null, null) : costs;
        check(mode.equals("cause") || mode.equals("fix"), "mode must be cause or fix, got " + mode);
        check(good.equals("release") || good.equals("given"), "good must be release or given, got " + good);
        check(runsPerCommit > 0, "runsPerCommit must be positive");
        check(infraRate >= 0 && infraRate < 1, "infraRate must be in [0, 1)");
        check(!target.titles().isEmpty(), "the target needs a title");
        if (mode.equals("fix")) {
            check(target.fix() != null, "a fix scenario needs target.fix");
            check(target.culprit().cycle() > 0, "a fix scenario needs the culprit in an earlier cycle (cycle >= 1)");
        }
    }

    public boolean fixMode() {
        return mode.equals("fix");
    }

    /**
     * The history's shape: kernel-like release cycles, or a real repository.
     *
     * @param commitsPerCycle  commits between two releases (the bisected range is about one cycle)
     * @param cycles           release cycles generated (at least 2, so that there is a good release to find)
     * @param topicMax         longest topic branch
     * @param mergeWindowShare share of a cycle's commits that arrive in the merge window
     * @param noopShare        share of commits that do not change the binary (comments, other architectures)
     * @param tipCommits       commits after the last release; the crash is first seen at the newest one
     * @param repo             a real repository to take the graph from instead ({@code git rev-list --parents})
     * @param rev              the revision of {@code repo} whose history is used (default HEAD)
     * @param irrelevantShare  share of commits whose changes touch no compiled file (docs, other architectures,
     *                         disabled drivers): no-ops the build's dependencies can tell apart; default 0
     * @param prune            whether the bisection prunes those commits (dependency-aware pruning); default true
     */
    public record Dag(Integer commitsPerCycle, Integer cycles, Integer topicMax, Double mergeWindowShare,
                      Double noopShare, Integer tipCommits, String repo, String rev, Double irrelevantShare,
                      Boolean prune) {
        /** A shape with every commit relevant (no pruning to do). */
        public Dag(Integer commitsPerCycle, Integer cycles, Integer topicMax, Double mergeWindowShare,
                   Double noopShare, Integer tipCommits, String repo, String rev) {
            this(commitsPerCycle, cycles, topicMax, mergeWindowShare, noopShare, tipCommits, repo, rev, null, null);
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public Dag {
            irrelevantShare = irrelevantShare == null ? 0.0 : irrelevantShare;
            prune = prune == null ? Boolean.TRUE : prune;
            check(irrelevantShare >= 0 && irrelevantShare < 1, "irrelevantShare must be in [0, 1)");
            commitsPerCycle = commitsPerCycle == null ? 1000 : commitsPerCycle;
            cycles = cycles == null ? 3 : cycles;
            topicMax = topicMax == null ? 50 : topicMax;
            mergeWindowShare = mergeWindowShare == null ? 0.85 : mergeWindowShare;
            noopShare = noopShare == null ? 0.15 : noopShare;
            tipCommits = tipCommits == null ? 20 : tipCommits;
            rev = rev == null ? "HEAD" : rev;
            check(commitsPerCycle >= 50 && commitsPerCycle <= 200_000, "commitsPerCycle must be in [50, 200000]");
            check(cycles >= 2 && cycles <= 100, "cycles must be in [2, 100]");
            check(topicMax >= 1, "topicMax must be positive");
            check(mergeWindowShare >= 0 && mergeWindowShare <= 1, "mergeWindowShare must be in [0, 1]");
            check(noopShare >= 0 && noopShare < 1, "noopShare must be in [0, 1)");
            check(tipCommits >= 0, "tipCommits must not be negative");
        }
    }

    /**
     * A bug: where it comes in and goes out, how often a run shows it, what it is called.
     *
     * @param titles  its crash titles; with two, each crash shows one of them at random (one bug, two titles)
     * @param p       probability that a run on a commit with the bug hits it (before other bugs are considered)
     * @param first   when it fires it always wins the run (it fires first, as a warning under panic_on_warn at
     *                boot time of the test would); otherwise the bugs that fire in a run race at random
     * @param boot    it fires while booting: the run is a boot failure with its title
     * @param culprit where it comes in
     * @param fix     where it goes out (null: never in this history)
     */
    public record Bug(List<String> titles, Double p, Boolean first, Boolean boot, Place culprit, Place fix) {
        public Bug {
            titles = titles == null ? List.of() : List.copyOf(titles);
            p = p == null ? 1.0 : p;
            first = first != null && first;
            boot = boot != null && boot;
            culprit = culprit == null ? Place.anywhere() : culprit;
            check(p > 0 && p <= 1, "a bug's p must be in (0, 1]");
            check(titles.size() <= 2, "a bug has one or two titles");
        }
    }

    /**
     * A range that fails (to build, or to boot) from the breaking commit until the fixing one.
     *
     * @param p     for boot failures: probability that a run fails to boot (1 = always); ignored for builds
     * @param title for boot failures: the title of the boot crash
     */
    public record Broken(Place from, Place to, Double p, String title) {
        public Broken {
            Objects.requireNonNull(from, "a broken range needs from");
            p = p == null ? 1.0 : p;
            title = title == null ? "kernel panic: VFS: Unable to mount root fs on unknown-block(0,0)" : title;
            check(p > 0 && p <= 1, "a broken range's p must be in (0, 1]");
        }
    }

    /**
     * Where a commit is drawn: uniformly among the commits that match.
     *
     * @param cycle 0 = the newest release cycle (the range a cause bisection ends up searching), 1 = the one
     *              before, ...
     * @param from  start of the window, as a fraction of the cycle's commits in creation order
     * @param to    end of the window
     * @param on    {@code any} (non-merge), {@code mainline} (first-parent chain of the tip, merges included),
     *              {@code merge}, {@code topic} (non-merge off the mainline), {@code same-branch} (non-merge on
     *              the reference's branch)
     * @param near  {@code target}: the window is {@code [offsetFrom, offsetTo]} commits around the target's
     *              culprit (in creation order) instead of {@code from..to}; {@code start}: around this element's
     *              own start (a fix, the end of a broken range)
     */
    public record Place(Integer cycle, Double from, Double to, String on, String near, Integer offsetFrom,
                        Integer offsetTo) {
        public Place {
            cycle = cycle == null ? 0 : cycle;
            from = from == null ? 0.0 : from;
            to = to == null ? 1.0 : to;
            on = on == null ? "any" : on;
            near = near == null ? "" : near;
            offsetFrom = offsetFrom == null ? -10 : offsetFrom;
            offsetTo = offsetTo == null ? 10 : offsetTo;
            check(cycle >= 0, "cycle must not be negative");
            check(from >= 0 && to <= 1 && from <= to, "a place needs 0 <= from <= to <= 1");
            check(List.of("any", "mainline", "merge", "topic", "same-branch").contains(on), "unknown 'on': " + on);
            check(List.of("", "target", "start").contains(near), "unknown 'near': " + near);
            check(offsetFrom <= offsetTo, "offsetFrom must not exceed offsetTo");
        }

        static Place anywhere() {
            return new Place(null, null, null, null, null, null, null);
        }
    }

    /**
     * Extra no-op commits on the culprit's branch around it (besides {@link Dag#noopShare}).
     *
     * @param radius how many commits either side
     * @param share  probability that each of them is a no-op
     */
    public record NoopNear(Integer radius, Double share) {
        public NoopNear {
            radius = radius == null ? 8 : radius;
            share = share == null ? 0.7 : share;
        }
    }

    /**
     * What a bisection costs.
     *
     * @param fullBuildMinutes    a build from scratch (the first, or far from the previous one)
     * @param incrementalMinutes  a build next to the previous one
     * @param fullRebuildDistance commits apart (in creation order) at which a build costs a full one
     * @param runMinutes          one run of the reproducer that ends without a crash
     * @param slots               VM slots (runs at once)
     * @param lanes               build machines, each testing its own commit at once
     * @param buildAhead          whether a build machine may build the next likely commits while the runs of the
     *                            current one go on (the engine's builds ahead; default true)
     */
    public record Costs(Double fullBuildMinutes, Double incrementalMinutes, Integer fullRebuildDistance,
                        Double runMinutes, Integer slots, Integer lanes, Boolean buildAhead) {
        public Costs {
            buildAhead = buildAhead == null || buildAhead;
            // Build machines: commits built and tested side by side (the engine's lanes); their runs share slots.
            lanes = lanes == null ? 1 : lanes;
            check(lanes > 0, "lanes must be positive");
            fullBuildMinutes = fullBuildMinutes == null ? 12.0 : fullBuildMinutes;
            incrementalMinutes = incrementalMinutes == null ? 4.0 : incrementalMinutes;
            fullRebuildDistance = fullRebuildDistance == null ? 2000 : fullRebuildDistance;
            runMinutes = runMinutes == null ? 8.0 : runMinutes;
            slots = slots == null ? 4 : slots;
            check(fullBuildMinutes >= incrementalMinutes && incrementalMinutes >= 0, "need full >= incremental >= 0");
            check(fullRebuildDistance > 0, "fullRebuildDistance must be positive");
            check(runMinutes > 0, "runMinutes must be positive");
            check(slots > 0, "slots must be positive");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** Parses a scenario file's JSON text; {@code origin} names it in error messages. */
    public static Scenario parse(String json, String origin) {
        try {
            return JSON.readValue(json, Scenario.class);
        } catch (JsonProcessingException e) {
            throw new BadInputException("scenario " + origin + ": " + e.getOriginalMessage());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BadInputException("scenario " + origin + ": " + e.getMessage());
        }
    }

    /** The scenario as JSON (every default spelled out). */
    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same scenario with another number of VM slots. */
    public Scenario withSlots(int slots) {
        return withCosts(new Costs(costs.fullBuildMinutes(), costs.incrementalMinutes(),
                costs.fullRebuildDistance(), costs.runMinutes(), slots, costs.lanes(), costs.buildAhead()));
    }

    public Scenario withLanes(int lanes) {
        return withCosts(new Costs(costs.fullBuildMinutes(), costs.incrementalMinutes(),
                costs.fullRebuildDistance(), costs.runMinutes(), costs.slots(), lanes, costs.buildAhead()));
    }

    /** The same scenario with builds ahead allowed or not. */
    public Scenario withBuildAhead(boolean buildAhead) {
        return withCosts(new Costs(costs.fullBuildMinutes(), costs.incrementalMinutes(),
                costs.fullRebuildDistance(), costs.runMinutes(), costs.slots(), costs.lanes(), buildAhead));
    }

    private Scenario withCosts(Costs c) {
        return new Scenario(name, description, mode, good, runsPerCommit, dag, target, unrelated, buildBroken,
                bootBroken, infraRate, noopNearTarget, c);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
