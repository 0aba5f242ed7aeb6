package dev.culprit.cli;

import dev.culprit.store.BisectionRecord;
import dev.culprit.store.Store;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code culprit log ID}: the log of a journaled bisection, also while it runs. */
@Command(name = "log", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the log of a bisection from the journal, as far as it got (it may still be running).",
                "Exit status: 0 printed, 2 unknown id, 3 the journal cannot be read."})
final class LogCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The bisection's id.")
    String id;

    @CommandLine.Mixin
    JournalLocation journal = new JournalLocation();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Store store = journal.openExisting()) {
            BisectionRecord b = JournalLocation.find(store, id);
            for (String line : store.log(b.id())) {
                out.println(line);
            }
            out.flush();
        }
        return Main.EXIT_FOUND;
    }
}
