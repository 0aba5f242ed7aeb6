package dev.culprit.journal;

import dev.culprit.bisect.BayesStrategy;
import dev.culprit.bisect.BisectConfig;
import dev.culprit.bisect.BisectLog;
import dev.culprit.bisect.BisectResult;
import dev.culprit.bisect.Bisection;
import dev.culprit.bisect.History;
import dev.culprit.bisect.Mode;
import dev.culprit.build.Builder;
import dev.culprit.build.CommandBuilder;
import dev.culprit.common.Processes;
import dev.culprit.run.ProcessRunner;
import dev.culprit.run.Runner;
import dev.culprit.store.Store;
import dev.culprit.testing.TestRepo;
import dev.culprit.vcs.CommitGraph;
import dev.culprit.vcs.CommitInfo;
import dev.culprit.vcs.Git;
import dev.culprit.vcs.Worktree;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A real bisection of a small C program's git history through the journaling decorators: real git, real cc,
 * real runs. The bug (a null write, SIGSEGV) arrives at commit {@code c<bugAt>} and fires in
 * {@code percent}% of runs, decided by a hash of the commit and run number so every test run is the same.
 */
final class JournalFixture {
    static final String BUILD = "cc -O0 -o prog main.c";
    static final String TEST = "./prog";

    final TestRepo.Imported repo;
    final Path work;

    JournalFixture(Path dir, int commits, int bugAt, int percent) {
        TestRepo.History h = new TestRepo.History();
        for (int i = 0; i <= commits; i++) {
            h.commit("c" + i, i == 0 ? List.of() : List.of("c" + (i - 1)), "change " + i,
                    Map.of("main.c", program(i, i >= bugAt, percent)));
        }
        h.branch("main", "c" + commits);
        this.repo = TestRepo.create(dir.resolve("repo"), h);
        this.work = dir.resolve("work");
    }

    private static String program(int version, boolean bug, int percent) {
        return """
                #include <stdlib.h>
                #include <stdio.h>
                static unsigned fnv(const char *s) {
                    unsigned h = 2166136261u;
                    while (s && *s) { h ^= (unsigned char)*s++; h *= 16777619u; }
                    return h;
                }
                int main(void) {
                    char key[256];
                    snprintf(key, sizeof key, "%%s/%%s", getenv("CULPRIT_COMMIT"), getenv("CULPRIT_RUN"));
                    volatile int *p = 0;
                    if (%d && fnv(key) %% 100 < %d) *p = 1;
                    printf("version %d\\n");
                    return 0;
                }
                """.formatted(bug ? 1 : 0, percent, version);
    }

    /** One attempt: what the engine returned, what the journal did, the log. */
    record Attempt(BisectResult result, JournalStats.Snapshot stats, long bisectionId, List<String> log,
                   boolean resumed) {
    }

    Attempt bisect(Store store, int runs, boolean fresh, UnaryOperator<Builder> wrapBuilder,
                   UnaryOperator<Runner> wrapRunner) {
        return bisect(store, repo.dir(), repo.hash("c0"), work, "w", BUILD, TEST, runs, fresh, wrapBuilder,
                wrapRunner);
    }

    /** One journaled bisection of {@code main} from {@code good} in {@code repoDir}, worktree {@code wtName}. */
    static Attempt bisect(Store store, Path repoDir, String good, Path work, String wtName, String build, String test,
                          int runs, boolean fresh, UnaryOperator<Builder> wrapBuilder,
                          UnaryOperator<Runner> wrapRunner) {
        Git git = Git.open(repoDir);
        String bad = git.resolve("main");
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        BisectLog sink = lines::add;
        JournalSpec spec = new JournalSpec(repoDir.toString(), build, "artifacts=prog", "test=" + test,
                "cause from main", Map.of("bad", bad, "good", good, "runs", Integer.toString(runs)));
        try (Worktree wt = Worktree.acquire(git, work.resolve("worktrees").resolve(wtName));
             JournalSession journal = JournalSession.start(store, spec, fresh, sink)) {
            Processes processes = new Processes();
            Builder real = wrapBuilder.apply(new CommandBuilder(wt::checkout, build, List.of("prog"),
                    Duration.ofMinutes(2), work.resolve("logs/build"), processes));
            Runner realRunner = wrapRunner.apply(new ProcessRunner(test, wt.dir(), Duration.ofMinutes(1),
                    work.resolve("logs/runs"), processes));
            ArtifactCache cache = new ArtifactCache(store, work.resolve("cache"), 100L << 20);
            Builder builder = journal.builder(real, wt::checkout, wt.dir(), List.of("prog"), Optional.of(cache));
            Runner runner = journal.runner(realRunner);
            BisectConfig config = new BisectConfig(Mode.CAUSE, bad, List.of(good), null, Optional.empty(), 2, 0);
            BisectResult r = new Bisection(config, new TestHistory(git), builder, runner,
                    new BayesStrategy(runs, 0.95), journal.log(), System::nanoTime).run();
            journal.finish("{\"verdict\":\"" + r.outcome().label() + "\"}");
            return new Attempt(r, journal.stats(), journal.bisectionId(), List.copyOf(lines), journal.resumed());
        }
    }

    Attempt bisect(Store store, int runs) {
        return bisect(store, runs, false, b -> b, r -> r);
    }

    /** The facts of a result that do not depend on time. */
    static String facts(BisectResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.outcome()).append(' ').append(r.culprits()).append(' ').append(r.confidence()).append(' ')
                .append(r.flags()).append(' ').append(r.targetTitle()).append('\n');
        for (BisectResult.Step s : r.steps()) {
            sb.append(s.commit()).append(' ').append(s.signature()).append(' ').append(s.outcomes()).append(' ')
                    .append(s.verdict()).append('\n');
        }
        return sb.toString();
    }

    /** The engine's view of the repository (the CLI's GitHistory, minus releases). */
    record TestHistory(Git git) implements History {
        @Override
        public CommitGraph range(String newEnd, List<String> oldEnds) {
            return git.graph(newEnd, oldEnds);
        }

        @Override
        public List<Release> releasesBefore(String commit) {
            return List.of();
        }

        @Override
        public boolean isRelease(String hash) {
            return false;
        }

        @Override
        public CommitSummary summary(String hash) {
            CommitInfo i = git.info(hash);
            return new CommitSummary(hash, i.subject(), i.authorName(), i.authorEmail(), i.authorDate());
        }

        @Override
        public String describe(String hash) {
            return git.describeCulprit(hash);
        }

        @Override
        public List<String> parents(String hash) {
            return git.info(hash).parents();
        }
    }
}
