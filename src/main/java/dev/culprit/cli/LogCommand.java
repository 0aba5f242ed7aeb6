package dev.culprit.cli;

import dev.culprit.store.BisectionRecord;
import dev.culprit.store.Store;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code culprit log ID}: the log of a journaled bisection, also while it runs. */
@Command(name = "log", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the log of a bisection from the journal, as far as it got (it may still be running).",
                "Exit status: 0 printed, 2 unknown id, 3 the journal cannot be read."})
final class LogCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The bisection's id.")
    String id;

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
        try (Store store = ListCommand.openExisting(db, work)) {
            BisectionRecord b = ListCommand.find(store, id);
            for (String line : store.log(b.id())) {
                out.println(line);
            }
            out.flush();
        }
        return Main.EXIT_FOUND;
    }
}
