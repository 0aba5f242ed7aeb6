package dev.culprit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.culprit.report.Frame;
import dev.culprit.report.Report;
import dev.culprit.report.Reports;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code culprit report [FILE...] [--json] [--all]}: the crash reports in console output. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Find crash reports in console output (files, or standard input) and print them: kernel"
                + " and sanitizer reports, else the uncaught exception or panic a program's runtime printed last.",
            "Exit status: 0 a report was found, 1 none, 2 an input could not be read."})
public final class ReportCommand implements Callable<Integer> {
    @CommandLine.Parameters(paramLabel = "FILE", description = "console logs to read ('-' or none: standard input)")
    List<Path> files = new ArrayList<>();

    @CommandLine.Option(names = "--json", description = "print the whole structure as JSON")
    boolean json;

    @CommandLine.Option(names = "--all", description = "every report, not only the first of each input")
    boolean all;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> inputs = files.isEmpty() ? List.of(Path.of("-")) : files;
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode jsonInputs = mapper.createArrayNode();
        boolean found = false;
        boolean unreadable = false;
        for (Path p : inputs) {
            String name = p.toString();
            byte[] bytes;
            try {
                bytes = read(p);
            } catch (IOException e) {
                err.println("culprit: cannot read " + name + ": " + e.getMessage());
                unreadable = true;
                continue;
            }
            // Malformed UTF-8 (binary noise on a serial console) decodes to U+FFFD; it never stops the parse.
            String text = new String(bytes, StandardCharsets.UTF_8);
            // Titled as culprit's runs title them: a saved run log reads here as it did in the bisection.
            List<Report> reports = Reports.parseSavedOutput(text);
            List<Report> shown = all || reports.isEmpty() ? reports : reports.subList(0, 1);
            found |= !reports.isEmpty();
            if (json) {
                ObjectNode in = jsonInputs.addObject();
                in.put("input", name);
                ArrayNode rs = in.putArray("reports");
                shown.forEach(r -> rs.add(toJson(mapper, r)));
            } else {
                String prefix = inputs.size() > 1 ? name + ": " : "";
                if (reports.isEmpty()) {
                    out.println(prefix + "no crash report");
                }
                for (Report r : shown) {
                    out.println(prefix + r.title());
                    out.println("  type: " + r.type() + (r.corrupted() ? "  corrupted: " + r.corruptedReason() : "")
                            + (r.suppressed() ? "  suppressed" : ""));
                    out.println("  guilty frame: " + r.guiltyFrame().map(ReportCommand::frame).orElse("(none)"));
                    for (String alt : r.altTitles()) {
                        out.println("  alt: " + alt);
                    }
                }
            }
        }
        if (json) {
            try {
                out.println(mapper.writeValueAsString(jsonInputs));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        out.flush();
        if (unreadable) {
            return Main.EXIT_USAGE;
        }
        return found ? Main.EXIT_FOUND : Main.EXIT_NOT_FOUND;
    }

    private static byte[] read(Path p) throws IOException {
        if (p.toString().equals("-")) {
            InputStream in = System.in;
            return in.readAllBytes();
        }
        return Files.readAllBytes(p);
    }

    private static String frame(Frame f) {
        return f.function() + (f.file().isEmpty() ? "" : " (" + f.file() + ")");
    }

    static ObjectNode toJson(ObjectMapper mapper, Report r) {
        ObjectNode o = mapper.createObjectNode();
        o.put("title", r.title());
        ArrayNode alts = o.putArray("altTitles");
        r.altTitles().forEach(alts::add);
        o.put("type", r.type().name());
        o.put("corrupted", r.corrupted());
        o.put("corruptedReason", r.corruptedReason());
        o.put("suppressed", r.suppressed());
        if (r.guiltyFrame().isPresent()) {
            o.set("guiltyFrame", frameJson(mapper, r.guiltyFrame().get()));
        } else {
            o.putNull("guiltyFrame");
        }
        ArrayNode fs = o.putArray("frames");
        r.frames().forEach(f -> fs.add(frameJson(mapper, f)));
        o.put("start", r.start());
        o.put("end", r.end());
        o.put("text", r.text());
        return o;
    }

    private static ObjectNode frameJson(ObjectMapper mapper, Frame f) {
        ObjectNode o = mapper.createObjectNode();
        o.put("function", f.function());
        o.put("file", f.file());
        o.put("inline", f.inline());
        o.put("unreliable", f.unreliable());
        return o;
    }
}
