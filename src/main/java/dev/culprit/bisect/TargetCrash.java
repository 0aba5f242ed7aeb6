package dev.culprit.bisect;

import dev.culprit.report.CrashType;
import dev.culprit.report.Report;
import dev.culprit.run.RunOutcome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The crash being chased, and the rule that tells it from other crashes: a run is the target when its
 * report is {@link Report#sameBug the same bug} as the target report.
 */
public final class TargetCrash {
    private final Report report;

    public TargetCrash(Report report) {
        this.report = report;
    }

    public String title() {
        return report.title();
    }

    public Report report() {
        return report;
    }

    /**
     * The target named by the user with {@code --title}. syzbot's dashboard numbers the bugs that share a title
     * ("KASAN: use-after-free Read in foo (2)"); the number is no part of the crash and is left out.
     */
    public static TargetCrash named(String title) {
        return new TargetCrash(Report.synthetic(title.strip().replaceFirst(" \\(\\d+\\)$", ""), CrashType.UNKNOWN));
    }

    /**
     * The most frequent crash among the starting commit's runs (reports grouped by sameBug; ties go to the
     * crash seen first). Empty when no run crashed.
     */
    public static Optional<TargetCrash> mostFrequent(List<RunOutcome> outcomes) {
        Report best = null;
        int bestCount = 0;
        for (Map.Entry<Report, Integer> e : crashes(outcomes).entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return Optional.ofNullable(best).map(TargetCrash::new);
    }

    /**
     * The one crash of the starting commit's runs that a typed title no run's title matched may still name
     * ({@link Report#mayBeNamed}); empty when none or more than one may.
     */
    public static Optional<TargetCrash> namedOtherwise(String typed, List<RunOutcome> outcomes) {
        List<Report> named = new ArrayList<>();
        for (Report r : crashes(outcomes).keySet()) {
            if (r.mayBeNamed(typed)) {
                named.add(r);
            }
        }
        return named.size() == 1 ? Optional.of(new TargetCrash(named.get(0))) : Optional.empty();
    }

    /** The runs' crashes grouped by sameBug, each group's first report with the group's size, in order seen. */
    private static Map<Report, Integer> crashes(List<RunOutcome> outcomes) {
        Map<Report, Integer> groups = new LinkedHashMap<>();
        for (RunOutcome o : outcomes) {
            Report r = reportOf(o);
            if (r == null || o instanceof RunOutcome.BootFailed) {
                continue;
            }
            Report group = r;
            for (Report representative : groups.keySet()) {
                if (representative.sameBug(r)) {
                    group = representative;
                    break;
                }
            }
            groups.merge(group, 1, Integer::sum);
        }
        return groups;
    }

    /** How a run counts with respect to this target. */
    public RunClass classify(RunOutcome outcome) {
        if (outcome instanceof RunOutcome.Ok) {
            return RunClass.OK;
        }
        if (outcome instanceof RunOutcome.InfraError) {
            return RunClass.INFRA;
        }
        Report r = reportOf(outcome);
        boolean same = r != null && matches(r);
        if (outcome instanceof RunOutcome.BootFailed) {
            return same ? RunClass.TARGET : RunClass.INFRA;
        }
        return same ? RunClass.TARGET : RunClass.OTHER_CRASH;
    }

    public boolean matches(Report other) {
        return report.sameBug(other) || other.sameBug(report);
    }

    /** The report a run produced: the crash, or a synthetic one for a time-out; null for OK/infra. */
    static Report reportOf(RunOutcome o) {
        if (o instanceof RunOutcome.Crashed c) {
            return c.report();
        }
        if (o instanceof RunOutcome.BootFailed b) {
            return b.report();
        }
        if (o instanceof RunOutcome.TimedOut) {
            return Report.synthetic(RunOutcome.TimedOut.TITLE, CrashType.TIMEOUT);
        }
        return null;
    }
}
