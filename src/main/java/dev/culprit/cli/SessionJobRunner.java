package dev.culprit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.culprit.common.BadInputException;
import dev.culprit.server.BisectJobRunner;
import dev.culprit.server.BisectSpecShape;
import dev.culprit.server.ClaimedJob;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a bisect job of the server exactly as {@code culprit bisect} would run its spec: the spec's fields become
 * the command's options (parsed by picocli, checked by the session), and the worker adds its work directory, the
 * server's journal as {@code --db} and a result file.
 */
final class SessionJobRunner implements BisectJobRunner {

    @Override
    public String run(ClaimedJob job, String journalUrl, Path work, PrintWriter out) throws IOException {
        Path json = work.resolve("jobs").resolve(job.id() + ".json");
        Files.createDirectories(json.getParent());
        Files.deleteIfExists(json);
        List<String> args = arguments(job.spec());
        args.addAll(List.of("--work", work.toString(), "--db", journalUrl, "--json", json.toString()));
        BisectCommand command = new BisectCommand();
        try {
            new CommandLine(command).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new BadInputException("the job spec does not make a bisect command: " + e.getMessage());
        }
        new BisectSession(command.options, out, out).run();
        return Files.readString(json);
    }

    /** The spec's fields as options: a list repeats its option, a true flag is given, a false one left out. */
    static List<String> arguments(JsonNode spec) {
        List<String> args = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("kind")) {
                continue;
            }
            String option = "--" + e.getKey();
            JsonNode v = e.getValue();
            if (v.isBoolean()) {
                if (v.asBoolean()) {
                    args.add(option);
                }
            } else if (v.isArray()) {
                for (JsonNode item : v) {
                    args.add(option + "=" + item.asText());
                }
            } else {
                // option=value: a value that starts with '-' (a command) is not taken for an option.
                args.add(option + "=" + v.asText());
            }
        }
        return args;
    }

    /** The options a job spec may hold: those of {@code culprit bisect}, read off its picocli model. */
    static BisectSpecShape shape() {
        Map<String, BisectSpecShape.Kind> options = new LinkedHashMap<>();
        for (CommandLine.Model.OptionSpec o : new CommandLine(new BisectCommand()).getCommandSpec().options()) {
            String name = o.longestName().replaceFirst("^-+", "");
            BisectSpecShape.Kind kind = o.typeInfo().isMultiValue() ? BisectSpecShape.Kind.LIST
                    : o.arity().max() == 0 ? BisectSpecShape.Kind.FLAG : BisectSpecShape.Kind.SINGLE;
            options.put(name, kind);
        }
        return new BisectSpecShape(options);
    }
}
