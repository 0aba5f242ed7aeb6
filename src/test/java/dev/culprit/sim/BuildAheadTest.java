package dev.culprit.sim;

import dev.culprit.bisect.BisectLog;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Builds ahead: while a commit's runs go on, the engine builds the commits bayes would test next. Each trial is
 * bisected twice on the same world, with builds ahead and without: the answer must not change, and the
 * scheduled wall time must fall where the runs leave the builder idle.
 */
class BuildAheadTest {
    private static final int TRIALS = 6;

    private static Scenario scenario(double runMinutes) {
        return Scenario.parse("{\"name\": \"t\", \"dag\": {\"commitsPerCycle\": 300, \"cycles\": 2}, \"target\": "
                + "{\"titles\": [\"BUG: x\"], \"p\": 0.8}, \"costs\": {\"incrementalMinutes\": 4.0, "
                + "\"runMinutes\": " + runMinutes + "}}", "test");
    }

    private record Pair(Trial ahead, Trial plain, List<String> aheadLog) {
    }

    private static List<Pair> bisectBothWays(Scenario s) {
        Simulation sim = new Simulation();
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < TRIALS; i++) {
            List<String> lines = new ArrayList<>();
            BisectLog log = lines::add;
            Trial ahead = sim.trial(s.withBuildAhead(true), "bayes", i, 5, log);
            Trial plain = sim.trial(s.withBuildAhead(false), "bayes", i, 5, line -> { });
            pairs.add(new Pair(ahead, plain, lines));
        }
        return pairs;
    }

    @Test
    void runsLongerThanBuildsLetTheNextBuildsHideBehindThem() {
        double aheadWall = 0;
        double plainWall = 0;
        int hits = 0;
        for (Pair p : bisectBothWays(scenario(8.0))) {
            assertThat(p.ahead().right()).as("trial %d with builds ahead", p.ahead().index()).isTrue();
            assertThat(p.ahead().answer()).isEqualTo(p.plain().answer());
            assertThat(p.ahead().builds()).isGreaterThanOrEqualTo(p.plain().builds() - 1);
            aheadWall += p.ahead().wallMinutes();
            plainWall += p.plain().wallMinutes();
            hits += (int) p.aheadLog().stream().filter(l -> l.startsWith("built ahead")).count();
        }
        assertThat(hits).as("steps whose build was made during the previous runs").isGreaterThan(TRIALS * 3);
        long revertsAhead = 0;
        for (Pair p : bisectBothWays(scenario(8.0))) {
            List<String> log = p.aheadLog();
            int revert = log.indexOf(log.stream().filter(l -> l.startsWith("testing the revert of ")).findFirst()
                    .orElseThrow());
            revertsAhead += log.get(revert + 1).startsWith("built ahead") ? 1 : 0;
        }
        assertThat(revertsAhead).as("verification's revert, built during the last search step's runs")
                .isPositive();
        // Each hit saves an incremental build (4 minutes) of the schedule.
        assertThat(aheadWall).isLessThan(plainWall - hits * 4.0 * 0.5);
    }

    @Test
    void runsShorterThanBuildsBuildNoGuessAhead() {
        for (Pair p : bisectBothWays(scenario(1.0))) {
            // Only what is tested next for certain is built ahead (the newest release, during the start's runs):
            // never a guess, so no build more than without builds ahead.
            long aheadLines = p.aheadLog().stream().filter(l -> l.startsWith("built ahead")).count();
            long releases = p.aheadLog().stream().filter(l -> l.startsWith("testing release")).count();
            assertThat(aheadLines).isLessThanOrEqualTo(Math.min(1, releases));
            assertThat(p.ahead().builds()).isEqualTo(p.plain().builds());
            assertThat(p.ahead().wallMinutes()).isLessThanOrEqualTo(p.plain().wallMinutes());
        }
    }

    @Test
    void theNewestReleaseIsBuiltDuringTheStartsRuns() {
        for (Pair p : bisectBothWays(scenario(8.0))) {
            List<String> log = p.aheadLog();
            int release = log.indexOf(log.stream().filter(l -> l.startsWith("testing release")).findFirst()
                    .orElseThrow());
            assertThat(log.get(release + 2)).as("the line after 'testing commit' of the first release")
                    .isEqualTo("built ahead, during the previous commit's runs");
        }
    }

    @Test
    void theSearchsFirstCommitIsBuiltDuringTheCleanReleasesRuns() {
        int walksOfOne = 0;
        for (Pair p : bisectBothWays(scenario(8.0))) {
            List<String> log = p.aheadLog();
            if (log.stream().filter(l -> l.startsWith("testing release")).count() != 1) {
                continue; // an older release was needed: a full build, after which no guess fits into a wave
            }
            walksOfOne++;
            int start = log.indexOf(log.stream().filter(l -> l.startsWith("# git bisect start")).findFirst()
                    .orElseThrow());
            int first = start + 1;
            while (!log.get(first).startsWith("testing commit ")) {
                first++;
            }
            assertThat(log.get(first + 1)).as("trial %d: the first search step, guessed by bayes itself",
                    p.ahead().index()).startsWith("built ahead");
        }
        assertThat(walksOfOne).as("trials whose first release was clean").isPositive();
    }
}
