package dev.culprit.journal;

import dev.culprit.report.CrashType;
import dev.culprit.report.Frame;
import dev.culprit.report.Report;
import dev.culprit.run.RunOutcome;
import dev.culprit.store.RunRecord;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Every outcome survives the journal unchanged: a replay must decide exactly as the original run did. */
class OutcomesTest {
    private static RunOutcome roundTrip(RunOutcome o) {
        RunRecord r = Outcomes.toRecord(1, 2, "abc", 3, "t", o, Optional.empty());
        return Outcomes.toOutcome(r);
    }

    @Test
    void everyKindRoundTrips() {
        Report full = new Report("KASAN: use-after-free Read in foo", List.of("KASAN: use-after-free in foo"),
                CrashType.KASAN, true, "no stack", false, Optional.of(new Frame("foo", "fs/foo.c", false, false)),
                List.of(new Frame("foo", "fs/foo.c", false, false), new Frame("bar", "", true, true)), 10, 20,
                "BUG: KASAN: use-after-free in foo\n ünï\n");
        List<RunOutcome> all = List.of(
                new RunOutcome.Ok(Duration.ofNanos(1), Optional.of(Path.of("/l/0.log"))),
                new RunOutcome.Crashed(full, Duration.ofMillis(2), Optional.empty()),
                new RunOutcome.Crashed(Report.synthetic("exit status 3", CrashType.EXIT_STATUS), Duration.ZERO,
                        Optional.empty()),
                new RunOutcome.BootFailed(Report.synthetic("no output from test machine", CrashType.NO_OUTPUT),
                        Duration.ofSeconds(3), Optional.empty()),
                new RunOutcome.InfraError("the test exited with status 125", Duration.ofSeconds(4), Optional.empty()),
                new RunOutcome.TimedOut(Duration.ofMinutes(10), Optional.of(Path.of("/l/9.log"))));
        for (RunOutcome o : all) {
            assertThat(roundTrip(o)).isEqualTo(o);
        }
    }

    @Test
    void titlesAreStoredForQueries() {
        RunRecord r = Outcomes.toRecord(1, 2, "abc", 0, "t", new RunOutcome.TimedOut(Duration.ZERO,
                Optional.empty()), Optional.empty());
        assertThat(r.outcome()).isEqualTo("timed_out");
        assertThat(r.title()).isEqualTo("timed out");
    }
}
