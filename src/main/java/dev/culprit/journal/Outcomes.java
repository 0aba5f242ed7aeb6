package dev.culprit.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.culprit.build.BuildResult;
import dev.culprit.common.InfraException;
import dev.culprit.report.CrashType;
import dev.culprit.report.Frame;
import dev.culprit.report.Report;
import dev.culprit.run.RunOutcome;
import dev.culprit.store.BuildKey;
import dev.culprit.store.BuildRecord;
import dev.culprit.store.RunRecord;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Converts the engine's values to the store's plain records and back, losslessly: a replayed outcome must make
 * the engine decide exactly as the original did, so every report field goes into the run's detail JSON.
 */
final class Outcomes {
    static final String OK = "ok";
    static final String CRASHED = "crashed";
    static final String BOOT_FAILED = "boot_failed";
    static final String INFRA_ERROR = "infra_error";
    static final String TIMED_OUT = "timed_out";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Outcomes() {
    }

    static BuildRecord toRecord(long bisectionId, BuildKey key, BuildResult b, Optional<Long> reusedFrom) {
        return new BuildRecord(0, bisectionId, key, b.ok(), b.signature(), b.duration(), b.errorSummary(),
                b.logFile().map(Path::toString), reusedFrom);
    }

    static BuildResult toResult(BuildRecord r) {
        return new BuildResult(r.commit(), r.ok(), r.signature(), r.duration(), r.errorSummary(),
                r.logPath().map(Path::of));
    }

    static RunRecord toRecord(long bisectionId, long buildId, String commit, int index, String testKey, RunOutcome o,
                              Optional<Long> reusedFrom) {
        String kind;
        String title;
        String detail = "{}";
        if (o instanceof RunOutcome.Ok) {
            kind = OK;
            title = "";
        } else if (o instanceof RunOutcome.Crashed c) {
            kind = CRASHED;
            title = c.report().title();
            detail = reportJson(c.report());
        } else if (o instanceof RunOutcome.BootFailed bf) {
            kind = BOOT_FAILED;
            title = bf.report().title();
            detail = reportJson(bf.report());
        } else if (o instanceof RunOutcome.InfraError ie) {
            kind = INFRA_ERROR;
            title = ie.reason();
        } else if (o instanceof RunOutcome.TimedOut) {
            kind = TIMED_OUT;
            title = RunOutcome.TimedOut.TITLE;
        } else {
            throw new IllegalArgumentException("unknown run outcome " + o);
        }
        return new RunRecord(0, bisectionId, buildId, commit, index, testKey, kind, title, detail, o.duration(),
                o.console().map(Path::toString), reusedFrom);
    }

    static RunOutcome toOutcome(RunRecord r) {
        Optional<Path> console = r.consolePath().map(Path::of);
        return switch (r.outcome()) {
            case OK -> new RunOutcome.Ok(r.duration(), console);
            case CRASHED -> new RunOutcome.Crashed(report(r), r.duration(), console);
            case BOOT_FAILED -> new RunOutcome.BootFailed(report(r), r.duration(), console);
            case INFRA_ERROR -> new RunOutcome.InfraError(r.title(), r.duration(), console);
            case TIMED_OUT -> new RunOutcome.TimedOut(r.duration(), console);
            default -> throw new InfraException("run " + r.id() + " in the journal has an unknown outcome '"
                    + r.outcome() + "'");
        };
    }

    static String reportJson(Report r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("title", r.title());
        ArrayNode alt = n.putArray("altTitles");
        r.altTitles().forEach(alt::add);
        n.put("type", r.type().name());
        n.put("corrupted", r.corrupted());
        n.put("corruptedReason", r.corruptedReason());
        n.put("suppressed", r.suppressed());
        if (r.guiltyFrame().isPresent()) {
            n.set("guiltyFrame", frame(r.guiltyFrame().get()));
        }
        ArrayNode frames = n.putArray("frames");
        r.frames().forEach(f -> frames.add(frame(f)));
        n.put("start", r.start());
        n.put("end", r.end());
        n.put("text", r.text());
        return n.toString();
    }

    private static ObjectNode frame(Frame f) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("function", f.function());
        n.put("file", f.file());
        n.put("inline", f.inline());
        n.put("unreliable", f.unreliable());
        return n;
    }

    private static Report report(RunRecord r) {
        JsonNode n;
        try {
            n = MAPPER.readTree(r.detail());
        } catch (JsonProcessingException e) {
            throw new InfraException("run " + r.id() + " in the journal has an unreadable report: "
                    + e.getOriginalMessage(), e);
        }
        List<String> alt = new ArrayList<>();
        n.path("altTitles").forEach(a -> alt.add(a.asText()));
        List<Frame> frames = new ArrayList<>();
        n.path("frames").forEach(f -> frames.add(frame(f)));
        Optional<Frame> guilty = n.hasNonNull("guiltyFrame") ? Optional.of(frame(n.get("guiltyFrame")))
                : Optional.empty();
        String title = n.path("title").asText(r.title());
        return new Report(title.isBlank() ? r.title() : title, alt, crashType(n.path("type").asText("UNKNOWN")),
                n.path("corrupted").asBoolean(false), n.path("corruptedReason").asText(""),
                n.path("suppressed").asBoolean(false), guilty, frames, n.path("start").asInt(0),
                n.path("end").asInt(0), n.path("text").asText(""));
    }

    private static Frame frame(JsonNode f) {
        return new Frame(f.path("function").asText(""), f.path("file").asText(""), f.path("inline").asBoolean(false),
                f.path("unreliable").asBoolean(false));
    }

    private static CrashType crashType(String name) {
        try {
            return CrashType.valueOf(name);
        } catch (IllegalArgumentException e) {
            // A type added by a newer culprit: the title still identifies the crash.
            return CrashType.UNKNOWN;
        }
    }
}
