package dev.culprit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.culprit.journal.AttemptOwners;
import dev.culprit.store.BisectionRecord;
import dev.culprit.store.Store;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code culprit show ID}: the result of one journaled bisection. */
@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show the result of a bisection from the journal (see 'culprit list' for ids).",
                "Exit status: 0 shown, 1 it has no result yet (running, killed or failed), 2 unknown id,",
                "3 the journal cannot be read."})
final class ShowCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The bisection's id.")
    String id;

    @Option(names = "--json", description = "Print the result as JSON, as 'culprit bisect --json' wrote it.")
    boolean json;

    @CommandLine.Mixin
    JournalLocation journal = new JournalLocation();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Store store = journal.openExisting()) {
            BisectionRecord b = JournalLocation.find(store, id);
            if (b.result().isEmpty()) {
                out.println("bisection " + b.id() + " (" + b.summary() + "): " + AttemptOwners.stateWord(store, b)
                        + ", no result yet; " + store.builds(b.id()).size() + " builds and "
                        + store.runs(b.id()).size() + " runs journaled");
                out.flush();
                return Main.EXIT_NOT_FOUND;
            }
            if (json) {
                out.println(b.result().get().strip());
                out.flush();
                return Main.EXIT_FOUND;
            }
            JsonNode r = ListCommand.result(b);
            out.println("bisection " + b.id() + ": " + b.summary());
            out.println("state: " + AttemptOwners.stateWord(store, b) + ", started " + ListCommand.ago(b.created()) + ", updated "
                    + ListCommand.ago(b.updated()));
            if (r == null) {
                out.println("result (not JSON): " + b.result().get());
            } else {
                out.println("verdict: " + r.path("verdict").asText());
                if (!r.path("targetTitle").asText().isEmpty()) {
                    out.println("crash: " + r.path("targetTitle").asText());
                }
                for (JsonNode c : r.path("culprits")) {
                    String p = c.path("probability").isNumber()
                            ? String.format(Locale.ROOT, " (%.3f)", c.path("probability").asDouble()) : "";
                    out.println("culprit: " + (c.path("hash").isNull() ? "(outside the range)"
                            : c.path("hash").asText() + " " + c.path("title").asText()) + p);
                }
                if (r.path("confidence").isNumber()) {
                    out.println(String.format(Locale.ROOT, "confidence: %.3f", r.path("confidence").asDouble()));
                }
                if (r.path("flags").size() > 0) {
                    out.println("flags: " + r.path("flags"));
                }
                if (!r.path("reason").asText().isEmpty()) {
                    out.println("reason: " + r.path("reason").asText());
                }
            }
            out.println("journal: " + store.builds(b.id()).size() + " builds, " + store.runs(b.id()).size()
                    + " runs");
            out.flush();
        }
        return Main.EXIT_FOUND;
    }
}
