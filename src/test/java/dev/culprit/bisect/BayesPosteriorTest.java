package dev.culprit.bisect;

import dev.culprit.build.BuildResult;
import dev.culprit.report.CrashType;
import dev.culprit.report.Report;
import dev.culprit.run.RunOutcome;
import dev.culprit.vcs.CommitGraph;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The bayes posterior against values computed by hand. */
class BayesPosteriorTest {
    private static final TargetCrash TARGET = TargetCrash.named("AddressSanitizer: heap-use-after-free in f");
    private static final RunOutcome CRASH = new RunOutcome.Crashed(
            Report.synthetic("AddressSanitizer: heap-use-after-free in f", CrashType.SANITIZER), Duration.ZERO,
            Optional.empty());
    private static final RunOutcome OTHER = new RunOutcome.Crashed(
            Report.synthetic("WARNING in kvm_wait", CrashType.WARNING), Duration.ZERO, Optional.empty());
    private static final RunOutcome OK = new RunOutcome.Ok(Duration.ZERO, Optional.empty());

    /** c3 (tip) -> c2 -> c1 -> c0 -> g (good, outside the range). */
    private static CommitGraph chain() {
        return CommitGraph.of(List.of("c3", "c2", "c1", "c0"),
                List.of(List.of("c2"), List.of("c1"), List.of("c0"), List.of("g")));
    }

    private static void runs(Evidence e, String commit, String signature, RunOutcome... outcomes) {
        TestedCommit tc = e.recordBuild(commit, Phase.SEARCH, new BuildResult(commit, true,
                Optional.ofNullable(signature), Duration.ZERO, "", Optional.empty()));
        for (RunOutcome o : outcomes) {
            tc.addRun(o, TARGET.classify(o));
        }
    }

    private static BayesStrategy strategy(Evidence e, Mode mode) {
        BayesStrategy s = new BayesStrategy(10, 0.95);
        s.begin(new SearchSpace(chain(), mode, "c3", List.of("g"), Set.of("g"), e));
        return s;
    }

    @Test
    void theStartStopsAfterOneWaveWhenEveryRunShowsTheSameCrash() {
        BayesStrategy s = new BayesStrategy(10, 0.95);
        assertThat(startRunsWanted(s, CRASH, CRASH, CRASH)).isEqualTo(7);
        assertThat(startRunsWanted(s, CRASH, CRASH, CRASH, CRASH)).isZero();
        // Another crash, or a clean run, among the first: the target is not plain yet, so --runs runs.
        assertThat(startRunsWanted(s, CRASH, OTHER, CRASH, CRASH)).isEqualTo(6);
        assertThat(startRunsWanted(s, CRASH, OK, CRASH, CRASH)).isEqualTo(6);
    }

    private static int startRunsWanted(BayesStrategy s, RunOutcome... outcomes) {
        TestedCommit tc = new Evidence().recordBuild("c3", Phase.START, new BuildResult("c3", true,
                Optional.of("sig"), Duration.ZERO, "", Optional.empty()));
        for (RunOutcome o : outcomes) {
            tc.addRun(o, RunClass.INFRA); // no target yet while the start runs
        }
        return s.runsWanted(tc, Phase.START);
    }

    @Test
    void aCommitThatRefutedTheAnswerIsTestedUpToTheCapBeforeTheAnswerIsNamedAgain() {
        // c2 crashes, its parent c1 is clean: c2 is the answer, and the strategy would name it right away.
        Evidence e = new Evidence();
        runs(e, "c3", null, CRASH, CRASH, CRASH, CRASH);
        runs(e, "c2", null, CRASH, CRASH, CRASH, CRASH);
        runs(e, "c1", null, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK);
        runs(e, "c0", null, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK);
        BayesStrategy s = strategy(e, Mode.CAUSE);
        assertThat(s.next(1)).isInstanceOf(Decision.Conclude.class);

        // Verification saw c1 crash: c1 gets runs until its cap (10 visits of 10) before c2 may be named again.
        s.disputed("c1");
        assertThat(s.next(1)).isEqualTo(new Decision.Test(List.of("c1"), 0, 0));
        TestedCommit c1 = e.get("c1");
        c1.newVisit(); // as the engine starts each visit
        assertThat(s.runsWanted(c1, Phase.SEARCH)).isEqualTo(10);
        while (c1.runs() < 100) {
            c1.addRun(OK, RunClass.OK);
        }
        assertThat(s.runsWanted(c1, Phase.SEARCH)).isZero();
        assertThat(s.next(1)).isInstanceOf(Decision.Conclude.class);
    }

    @Test
    void crashesAtTipAndOneOkRun() {
        // Prior: 0.1 outside, 0.225 each commit. Likelihood with p integrated out: K! O! / (K+O+1)!.
        // c0, c1 and "outside": bug present at c1 and c3 -> K=2, O=1 -> 1/12; c2, c3: K=2, O=0 -> 1/3.
        Evidence e = new Evidence();
        runs(e, "c3", null, CRASH, CRASH);
        runs(e, "c1", null, OK);
        double[] post = strategy(e, Mode.CAUSE).posterior(); // indexes: c3, c2, c1, c0, outside
        double total = 0.225 / 12 * 2 + 0.225 / 3 * 2 + 0.1 / 12;
        assertThat(post[0]).isCloseTo(0.225 / 3 / total, within(1e-9));
        assertThat(post[1]).isCloseTo(0.225 / 3 / total, within(1e-9));
        assertThat(post[2]).isCloseTo(0.225 / 12 / total, within(1e-9));
        assertThat(post[3]).isCloseTo(0.225 / 12 / total, within(1e-9));
        assertThat(post[4]).isCloseTo(0.1 / 12 / total, within(1e-9));
    }

    @Test
    void unrelatedCrashesAreCensored() {
        Evidence withOther = new Evidence();
        runs(withOther, "c3", null, CRASH, CRASH);
        runs(withOther, "c1", null, OK, OTHER, OTHER, OTHER);
        Evidence without = new Evidence();
        runs(without, "c3", null, CRASH, CRASH);
        runs(without, "c1", null, OK);
        assertThat(strategy(withOther, Mode.CAUSE).posterior())
                .containsExactly(strategy(without, Mode.CAUSE).posterior(), within(1e-12));
    }

    @Test
    void targetCrashOnAGoodSideCommitIsNearlyImpossible() {
        // A target crash at c1 under h = c2 or c3 (bug absent at c1) costs a factor EPSILON.
        Evidence e = new Evidence();
        runs(e, "c3", null, CRASH);
        runs(e, "c1", null, CRASH);
        double[] post = strategy(e, Mode.CAUSE).posterior();
        // c0, c1, outside: K=2, O=0 -> 1/3. c2, c3: K=1 (c3), Ka=1 -> eps * 1!0!/2! = eps/2.
        double eps = BayesStrategy.EPSILON;
        double total = 0.225 / 3 * 2 + 0.1 / 3 + 0.225 * eps / 2 * 2;
        assertThat(post[0]).isCloseTo(0.225 * eps / 2 / total, within(1e-12));
        assertThat(post[2]).isCloseTo(0.225 / 3 / total, within(1e-12));
        assertThat(post[4]).isCloseTo(0.1 / 3 / total, within(1e-12));
    }

    @Test
    void sameSignatureWithDifferentPresenceIsPenalised() {
        // c2 and c1 have one binary: h = c2 says present at c2 and absent at c1, which contradicts that.
        Evidence e = new Evidence();
        runs(e, "c3", null, CRASH);
        runs(e, "c1", "sig", OK);
        runs(e, "c2", "sig"); // joins c1's pool: no runs of its own
        double[] post = strategy(e, Mode.CAUSE).posterior();
        double eta = BayesStrategy.ETA;
        // c0, c1, outside: c1-pool all present -> K=1, O=1 -> 1/6. c3: pool absent -> K=1,O=0 -> 1/2.
        // c2: pool mixed -> eta, K=1, O=1 -> eta/6.
        double total = 0.225 / 6 * 2 + 0.1 / 6 + 0.225 / 2 + 0.225 * eta / 6;
        assertThat(post[0]).isCloseTo(0.225 / 2 / total, within(1e-12));
        assertThat(post[1]).isCloseTo(0.225 * eta / 6 / total, within(1e-12));
    }

    @Test
    void fixModeMirrorsPresence() {
        // Fix bisection of the same chain: the start commit g (outside, old end) crashes; c1 is clean.
        Evidence e = new Evidence();
        runs(e, "g", null, CRASH, CRASH);
        runs(e, "c1", null, OK);
        double[] post = strategy(e, Mode.FIX).posterior();
        // h = c0, c1: fixed at c1 -> absent there: K=2 (g), O=0 -> 1/3.
        // h = c2, c3, outside ("never fixed"): present at c1 -> K=2, O=1 -> 1/12.
        double total = 0.225 / 3 * 2 + 0.225 / 12 * 2 + 0.1 / 12;
        assertThat(post[2]).isCloseTo(0.225 / 3 / total, within(1e-12));
        assertThat(post[0]).isCloseTo(0.225 / 12 / total, within(1e-12));
        assertThat(post[4]).isCloseTo(0.1 / 12 / total, within(1e-12));
    }
}
