package dev.culprit.journal;

import dev.culprit.store.AttemptOwner;
import dev.culprit.store.BisectionRecord;
import dev.culprit.store.BisectionState;
import dev.culprit.store.SqliteStore;
import dev.culprit.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Telling a running bisection from one whose process is gone. */
class AttemptOwnersTest {
    @TempDir
    Path tmp;

    @Test
    void thisProcessIsAliveAndAFinishedOneIsGone() throws Exception {
        AttemptOwner me = AttemptOwners.self();
        assertThat(me.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(me.host()).isNotBlank();
        assertThat(me.started()).isNotEqualTo(Instant.EPOCH);
        assertThat(AttemptOwners.gone(me)).isFalse();

        Process p = new ProcessBuilder("true").start();
        AttemptOwner finished = new AttemptOwner(p.pid(), me.host(), p.info().startInstant().orElse(Instant.EPOCH));
        p.waitFor();
        assertThat(AttemptOwners.gone(finished)).isTrue();
    }

    @Test
    void aReusedPidIsGoneAndAnotherHostIsNotJudged() {
        AttemptOwner me = AttemptOwners.self();
        // This pid, but a process that started an hour earlier: the pid was handed out again since.
        assertThat(AttemptOwners.gone(new AttemptOwner(me.pid(), me.host(), me.started().minus(Duration.ofHours(1)))))
                .isTrue();
        // Start unknown: a live process with the pid may be the owner.
        assertThat(AttemptOwners.gone(new AttemptOwner(me.pid(), me.host(), Instant.EPOCH))).isFalse();
        // Another machine's pid says nothing here.
        assertThat(AttemptOwners.gone(new AttemptOwner(Long.MAX_VALUE, me.host() + "-elsewhere", Instant.EPOCH)))
                .isFalse();
    }

    @Test
    void stateWordShowsInterruptedOnlyForARunningBisectionWhoseOwnerIsGone() throws Exception {
        try (Store store = SqliteStore.open(tmp.resolve("culprit.db"))) {
            Process p = new ProcessBuilder("true").start();
            AttemptOwner dead = new AttemptOwner(p.pid(), AttemptOwners.self().host(),
                    p.info().startInstant().orElse(Instant.EPOCH));
            p.waitFor();

            BisectionRecord killed = store.createBisection("a", "{}", "killed");
            store.beginAttempt(killed.id(), Optional.of(dead));
            BisectionRecord live = store.createBisection("b", "{}", "live");
            store.beginAttempt(live.id(), Optional.of(AttemptOwners.self()));
            BisectionRecord unknown = store.createBisection("c", "{}", "no owner recorded");
            store.beginAttempt(unknown.id());
            BisectionRecord done = store.createBisection("d", "{}", "done");
            store.beginAttempt(done.id(), Optional.of(dead));
            store.setResult(done.id(), BisectionState.DONE, "{}");
            BisectionRecord failed = store.createBisection("e", "{}", "failed");
            store.beginAttempt(failed.id(), Optional.of(dead));
            store.setState(failed.id(), BisectionState.FAILED);

            assertThat(AttemptOwners.stateWord(store, store.bisection(killed.id()).orElseThrow()))
                    .isEqualTo("interrupted");
            assertThat(AttemptOwners.stateWord(store, store.bisection(live.id()).orElseThrow())).isEqualTo("running");
            assertThat(AttemptOwners.stateWord(store, store.bisection(unknown.id()).orElseThrow()))
                    .isEqualTo("running");
            assertThat(AttemptOwners.stateWord(store, store.bisection(done.id()).orElseThrow())).isEqualTo("done");
            assertThat(AttemptOwners.stateWord(store, store.bisection(failed.id()).orElseThrow()))
                    .isEqualTo("failed");

            // Resumed by this (live) process: running again.
            store.beginAttempt(killed.id(), Optional.of(AttemptOwners.self()));
            assertThat(AttemptOwners.stateWord(store, store.bisection(killed.id()).orElseThrow()))
                    .isEqualTo("running");
        }
    }
}
