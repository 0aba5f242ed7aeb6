package dev.culprit.cli;

import dev.culprit.common.BadInputException;
import dev.culprit.store.BisectionRecord;
import dev.culprit.store.Store;
import dev.culprit.store.Stores;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the journal of {@code culprit list}, {@code show} and {@code log} is: --work or --db. */
final class JournalLocation {
    @Option(names = "--work", defaultValue = ".culprit", paramLabel = "DIR",
            description = "Work directory whose journal to read. Default: ${DEFAULT-VALUE}.")
    Path work;

    @Option(names = "--db", paramLabel = "URL",
            description = "The journal: postgresql://user:pass@host/db, or an SQLite file. Default: DIR/culprit.db.")
    String db;

    /**
     * Opens the journal the options name, refusing to create one: reading commands on a work directory that
     * never had a bisection should say so, not leave an empty database behind.
     */
    Store openExisting() {
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
}
