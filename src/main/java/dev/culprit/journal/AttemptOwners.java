package dev.culprit.journal;

import dev.culprit.store.AttemptOwner;
import dev.culprit.store.BisectionRecord;
import dev.culprit.store.BisectionState;
import dev.culprit.store.Store;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Which process runs an attempt, and whether it still does: a bisection whose process was killed stays
 * {@link BisectionState#RUNNING} in the journal (nothing could mark it), so readers ask here whether its owner is
 * gone and show it as {@value #INTERRUPTED}.
 *
 * <p>Only an owner on this host can be checked; one on another host (a fleet sharing a PostgreSQL journal) is
 * taken to be running. A pid the system gave to another process since counts as gone: the start time tells them
 * apart.
 */
public final class AttemptOwners {
    /** How a running bisection whose process is gone is shown. */
    public static final String INTERRUPTED = "interrupted";

    /** Start times are derived from clock ticks; the same process reads the same, give or take rounding. */
    private static final Duration START_SLACK = Duration.ofSeconds(1);

    private AttemptOwners() {
    }

    /** This process. */
    public static AttemptOwner self() {
        ProcessHandle me = ProcessHandle.current();
        return new AttemptOwner(me.pid(), hostName(), me.info().startInstant().orElse(Instant.EPOCH));
    }

    /** Whether the owner has certainly stopped: it ran on this host and no process with its pid and start is left. */
    public static boolean gone(AttemptOwner owner) {
        if (!owner.host().equals(hostName())) {
            return false;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(owner.pid());
        if (h.isEmpty() || !h.get().isAlive()) {
            return true;
        }
        if (owner.started().equals(Instant.EPOCH)) {
            return false; // the start was not known: a live process with the pid may be it
        }
        Optional<Instant> started = h.get().info().startInstant();
        return started.isPresent()
                && Duration.between(owner.started(), started.get()).abs().compareTo(START_SLACK) > 0;
    }

    /** The state to show: the journal's, except {@value #INTERRUPTED} for a running one whose process is gone. */
    public static String stateWord(Store store, BisectionRecord b) {
        if (b.state() == BisectionState.RUNNING && store.owner(b.id()).map(AttemptOwners::gone).orElse(false)) {
            return INTERRUPTED;
        }
        return b.state().word();
    }

    /** This machine's name: the kernel's, else what the resolver says. */
    static String hostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | SecurityException e) {
            // not Linux: ask the resolver
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "localhost" : env;
        }
    }
}
