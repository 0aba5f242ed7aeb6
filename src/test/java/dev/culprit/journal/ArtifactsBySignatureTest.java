package dev.culprit.journal;

import dev.culprit.build.BuildResult;
import dev.culprit.build.Builder;
import dev.culprit.build.CommandBuilder;
import dev.culprit.common.InfraException;
import dev.culprit.common.Processes;
import dev.culprit.run.ProcessRunner;
import dev.culprit.run.RunOutcome;
import dev.culprit.run.Runner;
import dev.culprit.store.SqliteStore;
import dev.culprit.store.Store;
import dev.culprit.vcs.Git;
import dev.culprit.vcs.Worktree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Builds whose runs read their binary from a directory per signature, as kernel runs boot the image kept outside
 * the worktree: real git, real cc, real runs. The builder here is the command builder plus that keeping step.
 */
class ArtifactsBySignatureTest {
    @TempDir
    Path tmp;

    /** One machine: its images directory, worktree and artifact cache; the journal may be shared. */
    private record Machine(Path images, Path worktrees, Path cache) {
        static Machine at(Path dir) {
            return new Machine(dir.resolve("images"), dir.resolve("worktrees"), dir.resolve("cache"));
        }
    }

    /** The command builder, then the binary copied to images/SIGNATURE/prog (what KernelImages does). */
    private static Builder keepingBySignature(Builder command, Path worktree, Path images) {
        return new Builder() {
            @Override
            public String toolchainId(String commit) {
                return command.toolchainId(commit);
            }

            @Override
            public BuildResult build(String commit) {
                BuildResult r = command.build(commit);
                r.signature().ifPresent(sig -> {
                    try {
                        Files.createDirectories(images.resolve(sig));
                        Files.copy(worktree.resolve("prog"), images.resolve(sig).resolve("prog"),
                                StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                    } catch (IOException e) {
                        throw new InfraException("cannot keep the binary: " + e.getMessage(), e);
                    }
                });
                return r;
            }
        };
    }

    /** Runs images/SIGNATURE/prog, never the worktree's. */
    private static Runner fromImages(Path images, Path consoles, Processes processes) {
        return (build, index) -> new ProcessRunner("./prog", images.resolve(build.signature().orElseThrow()),
                Duration.ofMinutes(1), consoles, processes).run(build, index);
    }

    private record Attempt(List<RunOutcome> outcomes, JournalStats.Snapshot stats, List<String> log) {
    }

    /** On one machine: builds each of {@code build} in order, then runs each of {@code run} once. */
    private Attempt work(Store store, JournalFixture f, Machine m, List<String> build, List<String> run) {
        Git git = Git.open(f.repo.dir());
        JournalSpec spec = new JournalSpec(f.repo.dir().toString(), JournalFixture.BUILD, "kept by signature",
                "test=./prog", "cause from main", Map.of());
        Processes processes = new Processes();
        List<String> log = new java.util.ArrayList<>();
        try (Worktree wt = Worktree.acquire(git, m.worktrees().resolve("w"));
             JournalSession journal = JournalSession.start(store, spec, false, log::add)) {
            Builder real = keepingBySignature(new CommandBuilder(wt::checkout, JournalFixture.BUILD, List.of("prog"),
                    Duration.ofMinutes(2), m.worktrees().resolve("logs"), processes), wt.dir(), m.images());
            ArtifactCache cache = new ArtifactCache(store, m.cache(), 100L << 20);
            Builder builder = journal.builder(real, wt::checkout, wt.dir(), List.of(), Optional.of(cache),
                    Optional.of(new ArtifactsBySignature(m.images()::resolve, List.of("prog"))));
            Runner runner = journal.runner(fromImages(m.images(), m.worktrees().resolve("runs"), processes));
            Map<String, BuildResult> built = new java.util.HashMap<>();
            for (String c : build) {
                built.put(c, builder.build(f.repo.hash(c)));
            }
            List<RunOutcome> outcomes = run.stream().map(c -> runner.run(built.get(c), 0)).toList();
            return new Attempt(outcomes, journal.stats(), List.copyOf(log));
        }
    }

    @Test
    void aBuildsRunsNeedNoRebuildAfterTheWorktreeMovedOnToTheNextCommit() {
        JournalFixture f = new JournalFixture(tmp, 4, 3, 100);
        try (Store store = SqliteStore.open(tmp.resolve("culprit.db"))) {
            // c1 built, then c4 built ahead in the same worktree while c1's runs are still to come.
            Attempt a = work(store, f, Machine.at(tmp.resolve("one")), List.of("c1", "c4"), List.of("c1", "c4"));
            assertThat(a.outcomes().get(0)).isInstanceOf(RunOutcome.Ok.class);
            assertThat(a.outcomes().get(1)).isInstanceOf(RunOutcome.Crashed.class);
            assertThat(a.stats().buildsDone()).isEqualTo(2);
            assertThat(a.stats().rebuilds()).isZero();
        }
    }

    @Test
    void aCacheThatCannotTakeTheImagesCostsAWarningNotTheBisection() throws IOException {
        JournalFixture f = new JournalFixture(tmp, 4, 3, 100);
        try (Store store = SqliteStore.open(tmp.resolve("culprit.db"))) {
            Path notADirectory = Files.writeString(tmp.resolve("cache-is-a-file"), "");
            Machine m = new Machine(tmp.resolve("one/images"), tmp.resolve("one/worktrees"), notADirectory);
            Attempt a = work(store, f, m, List.of("c4"), List.of("c4"));
            assertThat(a.outcomes().get(0)).isInstanceOf(RunOutcome.Crashed.class);
            assertThat(a.log()).anyMatch(l -> l.startsWith("warning: cannot cache the artifacts of "));
        }
    }

    @Test
    void anotherMachineRestoresTheImagesOfAJournaledBuildInsteadOfBuildingAgain() {
        JournalFixture f = new JournalFixture(tmp, 4, 3, 100);
        try (Store store = SqliteStore.open(tmp.resolve("culprit.db"))) {
            Machine first = Machine.at(tmp.resolve("one"));
            Attempt killed = work(store, f, first, List.of("c4"), List.of());
            assertThat(killed.stats().buildsDone()).isEqualTo(1);

            // The second machine has its own images and worktree, and reaches the first one's cached artifacts
            // (here the same cache directory; between hosts, through the server's share).
            Machine second = new Machine(tmp.resolve("two/images"), tmp.resolve("two/worktrees"), first.cache());
            Attempt resumed = work(store, f, second, List.of("c4"), List.of("c4"));
            assertThat(resumed.outcomes().get(0)).isInstanceOf(RunOutcome.Crashed.class);
            assertThat(resumed.stats().buildsDone()).isZero();
            assertThat(resumed.stats().buildsFromJournal()).isEqualTo(1);
            assertThat(resumed.stats().rebuilds()).isZero();
            assertThat(resumed.stats().restoresFromCache()).isEqualTo(1);
            try (var entries = Files.list(second.images())) {
                assertThat(entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
                        .as("the image directory, moved into place whole").hasSize(1).noneMatch(n -> n.startsWith("."));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }
}
