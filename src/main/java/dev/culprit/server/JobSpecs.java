package dev.culprit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.culprit.sim.Scenarios;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a submitted job spec and puts it in its stored form. A bisect job is the options of {@code culprit bisect}
 * as JSON ({@code {"repo": "/src/linux", "bad": "v6.1", "good": ["v6.0"], "build": "...", "test": "..."}}); a sim
 * job is {@code {"kind": "sim", "scenario": "p-0.5", "seed": 1, "trial": 0}}.
 *
 * <p>{@code build} and {@code test} are shell commands by design (they run with {@code sh -c}, as on the command
 * line). Every other value reaches git or the file system as one argument, never a shell; still, a revision, path
 * or option value with a shell metacharacter is refused outright: it is never legitimate, and refusing it keeps a
 * mistake in some later layer from becoming an injection. A leading '-' is refused too (git would read an option).
 */
final class JobSpecs {
    /** The options the server owns: where a worker keeps its files and journal is the worker's business. */
    static final Set<String> SERVER_OWNED = Set.of("work", "db", "json", "log", "help", "version");
    /** Shell commands by design; any text but NUL. */
    static final Set<String> COMMANDS = Set.of("build", "test");
    static final Set<String> REVISIONS = Set.of("bad", "good", "head");
    static final Set<String> PATHS = Set.of("repo", "artifact");
    /** Files and directories on the workers a kernel job names: absolute paths, like {@code repo}. */
    static final Set<String> ABSOLUTE_PATHS = Set.of("repo", "kernel-config", "repro", "image", "compiler-table",
            "ccache-dir");
    static final int MAX_COMMAND = 8192;
    /** Runs at once when the spec says nothing: fixed by the server so that a resume on another worker (with
     *  another number of cores) has the same spec and finds the journal. */
    static final int DEFAULT_JOBS = 2;

    private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._/^~-]{0,199}");
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9._/+,=@-]{1,1024}");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._:,+=/@%-]{0,256}");
    /** The kernel command line: words separated by spaces (QEMU gets it as one argument). */
    private static final Pattern CMDLINE = Pattern.compile("[A-Za-z0-9._:,+=/@%-]+( [A-Za-z0-9._:,+=/@%-]+)*|");
    /** Crash titles hold spaces, colons, parentheses and quotes; never what a shell acts on. */
    private static final Pattern TITLE = Pattern.compile("[^;&|$`<>\\\\\"*?!\\x00-\\x1f]{1,512}");

    /** A spec the server refuses, with the reason users see (HTTP 400). */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    /** A checked spec in stored form, with its kind and one line for the job list. */
    record Checked(String kind, ObjectNode spec, String summary) {
    }

    private final BisectSpecShape shape;

    JobSpecs(BisectSpecShape shape) {
        this.shape = shape;
    }

    Checked check(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new Invalid("a job spec is a JSON object");
        }
        ObjectNode spec = ((ObjectNode) body).deepCopy();
        JsonNode kind = spec.remove("kind");
        String k = kind == null ? "bisect" : kind.asText();
        return switch (k) {
            case "bisect" -> bisect(spec);
            case "sim" -> sim(spec);
            default -> throw new Invalid("unknown job kind '" + k + "': use bisect or sim");
        };
    }

    private Checked bisect(ObjectNode spec) {
        ObjectNode out = JournalCodec.object();
        out.put("kind", "bisect");
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (SERVER_OWNED.contains(name)) {
                throw new Invalid("'" + name + "' is set by the worker, not by a job spec");
            }
            BisectSpecShape.Kind kind = shape.options().get(name);
            if (kind == null) {
                throw new Invalid("unknown option '" + name + "' (the options are those of culprit bisect)");
            }
            JsonNode v = e.getValue();
            switch (kind) {
                case FLAG -> {
                    if (!v.isBoolean()) {
                        throw new Invalid("'" + name + "' is a flag: true or false");
                    }
                    out.put(name, v.asBoolean());
                }
                case SINGLE -> out.put(name, value(name, v));
                case LIST -> {
                    ArrayNode a = out.putArray(name);
                    if (v.isArray()) {
                        for (JsonNode item : v) {
                            a.add(value(name, item));
                        }
                    } else {
                        a.add(value(name, v));
                    }
                }
            }
        }
        boolean kernel = out.path("kernel").asBoolean(false);
        // A kernel job builds with make and tests in QEMU (culprit bisect --kernel); any other runs its commands.
        for (String required : kernel ? new String[] {"repo", "bad", "kernel-config", "repro"}
                : new String[] {"repo", "bad", "build", "test"}) {
            if (!out.has(required)) {
                throw new Invalid("a " + (kernel ? "kernel " : "") + "bisect job needs '" + required + "'");
            }
        }
        if (kernel && (out.has("build") || out.has("test") || out.has("artifact"))) {
            throw new Invalid("a kernel job builds and tests by itself: drop 'build', 'test' and 'artifact'");
        }
        for (String name : ABSOLUTE_PATHS) {
            for (JsonNode v : out.has(name) && out.get(name).isArray() ? out.get(name) : java.util.List.of(
                    out.path(name))) {
                if (!v.isMissingNode() && !v.asText().startsWith("/")) {
                    throw new Invalid("'" + name + "' must be an absolute path (the workers' path)");
                }
            }
        }
        if (shape.options().containsKey("jobs") && !out.has("jobs")) {
            // A kernel job runs as many VMs at once as it asks for; the server fixes the number either way.
            out.put("jobs", kernel && out.has("vms") ? out.get("vms").asText() : Integer.toString(DEFAULT_JOBS));
        }
        String summary = (out.path("fix").asBoolean() ? "fix since " : "cause from ") + out.get("bad").asText()
                + " in " + out.get("repo").asText();
        return new Checked("bisect", out, summary);
    }

    /** One option value, as text (numbers are given to the command line as text anyway). */
    private static String value(String name, JsonNode v) {
        if (!(v.isTextual() || v.isNumber())) {
            throw new Invalid("'" + name + "' must be a string or a number");
        }
        String s = v.asText();
        if (COMMANDS.contains(name)) {
            if (s.isBlank() || s.length() > MAX_COMMAND || s.indexOf('\0') >= 0) {
                throw new Invalid("'" + name + "' must be a non-empty command of at most " + MAX_COMMAND
                        + " characters");
            }
            return s;
        }
        boolean path = PATHS.contains(name) || ABSOLUTE_PATHS.contains(name);
        Pattern p = REVISIONS.contains(name) ? REVISION : path ? PATH
                : name.equals("title") ? TITLE : name.equals("cmdline") ? CMDLINE : VALUE;
        if (!p.matcher(s).matches() || s.startsWith("-")) {
            String what = REVISIONS.contains(name) ? "revision" : path ? "path" : "option value";
            throw new Invalid("'" + name + "': the " + what + " '" + printable(s)
                    + "' holds a character that is not allowed (shell metacharacters, spaces, a leading '-')");
        }
        if (path && (s.equals("..") || s.startsWith("../") || s.contains("/../")
                || s.endsWith("/.."))) {
            throw new Invalid("'" + name + "': the path '" + s + "' climbs out with '..'");
        }
        return s;
    }

    private static Checked sim(ObjectNode spec) {
        ObjectNode out = JournalCodec.object();
        out.put("kind", "sim");
        for (Iterator<String> it = spec.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("scenario", "strategy", "seed", "trial").contains(f)) {
                throw new Invalid("unknown field '" + f + "' of a sim job (scenario, strategy, seed, trial)");
            }
        }
        String scenario = spec.path("scenario").asText("");
        if (!Scenarios.builtInNames().contains(scenario)) {
            throw new Invalid("unknown scenario '" + printable(scenario) + "': use one of "
                    + Scenarios.builtInNames());
        }
        String strategy = spec.path("strategy").asText("bayes");
        if (!strategy.equals("bayes") && !strategy.equals("classic")) {
            throw new Invalid("unknown strategy '" + printable(strategy) + "': use bayes or classic");
        }
        JsonNode seed = spec.path("seed");
        JsonNode trial = spec.path("trial");
        if (!(seed.isMissingNode() || seed.canConvertToLong()) || !(trial.isMissingNode() || trial.canConvertToInt())
                || trial.asInt(0) < 0) {
            throw new Invalid("'seed' and 'trial' must be whole numbers (trial at least 0)");
        }
        out.put("scenario", scenario);
        out.put("strategy", strategy);
        out.put("seed", seed.asLong(1));
        out.put("trial", trial.asInt(0));
        return new Checked("sim", out, "sim " + scenario + " (" + strategy + ") trial " + trial.asInt(0) + " seed "
                + seed.asLong(1));
    }

    /** For messages: control characters shown as '?', at most 80 characters. */
    private static String printable(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 80 ? t.substring(0, 80) + "..." : t;
    }
}
