package dev.culprit.bisect;

import dev.culprit.report.CrashType;
import dev.culprit.report.Report;
import dev.culprit.run.RunOutcome;

import java.util.ArrayList;
import java.util.List;
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
        List<Report> representatives = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (RunOutcome o : outcomes) {
            Report r = reportOf(o);
            if (r == null || o instanceof RunOutcome.BootFailed) {
                continue;
            }
            int found = -1;
            for (int i = 0; i < representatives.size(); i++) {
                if (representatives.get(i).sameBug(r)) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                representatives.add(r);
                counts.add(1);
            } else {
                counts.set(found, counts.get(found) + 1);
            }
        }
        int best = -1;
        for (int i = 0; i < counts.size(); i++) {
            if (best < 0 || counts.get(i) > counts.get(best)) {
                best = i;
            }
        }
        return best < 0 ? Optional.empty() : Optional.of(new TargetCrash(representatives.get(best)));
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
