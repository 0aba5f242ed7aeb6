package dev.culprit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.culprit.journal.AttemptOwners;
import dev.culprit.store.BisectionRecord;
import dev.culprit.store.Store;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code culprit list}: the journaled bisections. */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List the bisections in the journal: id, state, verdict, start time, what was bisected.",
                "State: running, done, failed, or interrupted (running, but its process on this host is gone;",
                "run the same 'culprit bisect' again to resume it).",
                "Exit status: 0 listed, 2 bad usage, 3 the journal cannot be read."})
final class ListCommand implements Callable<Integer> {
    @CommandLine.Mixin
    JournalLocation journal = new JournalLocation();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Store store = journal.openExisting()) {
            List<BisectionRecord> all = store.bisections();
            if (all.isEmpty()) {
                out.println("no bisections in " + store.location());
                return Main.EXIT_FOUND;
            }
            out.printf("%-5s %-11s %-16s %-20s %s%n", "ID", "STATE", "VERDICT", "STARTED", "SUMMARY");
            for (BisectionRecord b : all) {
                out.printf("%-5d %-11s %-16s %-20s %s%n", b.id(), AttemptOwners.stateWord(store, b), verdict(b),
                        b.created().truncatedTo(ChronoUnit.SECONDS).toString(), b.summary());
            }
            out.flush();
        }
        return Main.EXIT_FOUND;
    }

    /** The verdict in a result's JSON, "-" while there is none. */
    static String verdict(BisectionRecord b) {
        JsonNode r = result(b);
        return r == null ? "-" : r.path("verdict").asText("-");
    }

    static JsonNode result(BisectionRecord b) {
        if (b.result().isEmpty()) {
            return null;
        }
        try {
            return new ObjectMapper().readTree(b.result().get());
        } catch (java.io.IOException e) {
            return null;
        }
    }

    static String ago(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
