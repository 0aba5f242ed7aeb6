package dev.culprit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.culprit.common.BadInputException;
import dev.culprit.journal.AttemptOwners;
import dev.culprit.store.BisectionRecord;
import dev.culprit.store.Store;
import dev.culprit.store.Stores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
    @Option(names = "--work", defaultValue = ".culprit", paramLabel = "DIR",
            description = "Work directory whose journal to read. Default: ${DEFAULT-VALUE}.")
    Path work;

    @Option(names = "--db", paramLabel = "URL",
            description = "The journal: postgresql://user:pass@host/db, or an SQLite file. Default: DIR/culprit.db.")
    String db;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Store store = openExisting(db, work)) {
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

    /**
     * Opens the journal the options name, refusing to create one: reading commands on a work directory that
     * never had a bisection should say so, not leave an empty database behind.
     */
    static Store openExisting(String db, Path work) {
        if (db == null || db.isBlank()) {
            Path file = work.resolve(Stores.DEFAULT_FILE);
            if (!Files.isRegularFile(file)) {
                throw new BadInputException("no journal in " + work + " (" + file + " does not exist): pass --work DIR"
                        + " of an earlier 'culprit bisect', or --db");
            }
        } else if (!db.contains("://")) {
            Path file = Path.of(db.startsWith("sqlite:") ? db.substring("sqlite:".length()) : db);
            if (!Files.isRegularFile(file)) {
                throw new BadInputException("no journal at " + file + ": pass an existing --db");
            }
        }
        return Stores.open(db, work);
    }

    /** A bisection id as the user typed it, found in the store. */
    static BisectionRecord find(Store store, String id) {
        long n;
        try {
            n = Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            throw new BadInputException("'" + id + "' is not a bisection id: see 'culprit list'");
        }
        return store.bisection(n).orElseThrow(() -> new BadInputException("no bisection " + n + " in "
                + store.location() + ": see 'culprit list'"));
    }

    static String ago(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
