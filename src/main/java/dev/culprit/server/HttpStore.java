package dev.culprit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.culprit.common.BadInputException;
import dev.culprit.common.InfraException;
import dev.culprit.journal.ArtifactShare;
import dev.culprit.store.ArtifactEntry;
import dev.culprit.store.AttemptOwner;
import dev.culprit.store.BisectionRecord;
import dev.culprit.store.BisectionState;
import dev.culprit.store.BuildKey;
import dev.culprit.store.BuildRecord;
import dev.culprit.store.DecisionRecord;
import dev.culprit.store.RunRecord;
import dev.culprit.store.SqliteStore;
import dev.culprit.store.Store;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The journal kept by a {@code culprit serve}, reached over HTTP: {@code --db http://server:port} lets any
 * bisection (a worker's, or a user's own {@code culprit bisect}) journal to the server without database
 * credentials. The URL's query may name {@code token-file} (else {@code CULPRIT_TOKEN_FILE}), and for a worker
 * {@code job} and {@code lease}: the server then refuses this store's writes once the lease is no longer the job's.
 *
 * <p>The artifact cache index stays on this machine (an SQLite file in the work directory): the artifacts are
 * files in the local work directory, so another machine's index would only point at files that are not here.
 * The artifacts themselves are shared through the server ({@link ArtifactShare}): a build is offered when it is
 * cached, and a worker that resumes another's job fetches the journaled builds it must run again.
 */
public final class HttpStore implements Store, ArtifactShare {
    private static final String TOKEN_ENV = "CULPRIT_TOKEN_FILE";

    /** A parsed URL: the server, the token, the job lease, and a name for messages. */
    record Target(URI base, Optional<String> token, Optional<JournalApi.Lease> lease, String display) {
    }

    private final Target target;
    private final ApiClient api;
    private final SqliteStore artifacts;

    private HttpStore(Target target, SqliteStore artifacts) {
        this.target = target;
        this.api = new ApiClient(target.base(), target.token());
        this.artifacts = artifacts;
    }

    /** Opens the server's journal named by {@code url}; the local artifact index lives in {@code workDir}. */
    public static HttpStore open(String url, Path workDir) {
        Target t = parse(url, System.getenv(TOKEN_ENV));
        HttpStore store = new HttpStore(t, SqliteStore.open(workDir.resolve("artifacts.db")));
        try {
            store.schemaVersion(); // fails now, with the server's reason, rather than mid-bisection
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** The URL a worker gives its bisection: the server, the token file and the job's lease. */
    public static String url(URI server, Path tokenFile, long jobId, String leaseId) {
        String b = server.toString();
        return (b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/?token-file="
                + URLEncoder.encode(tokenFile.toAbsolutePath().toString(), StandardCharsets.UTF_8)
                + "&job=" + jobId + "&lease=" + URLEncoder.encode(leaseId, StandardCharsets.UTF_8);
    }

    static Target parse(String url, String tokenFileFromEnv) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--db " + url + " is not a URL: " + e.getMessage());
        }
        if (uri.getHost() == null) {
            throw new BadInputException("--db " + url + ": expected http://host[:port]");
        }
        Map<String, String> q = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        String tokenFile = q.getOrDefault("token-file", tokenFileFromEnv);
        Optional<String> token = tokenFile == null || tokenFile.isBlank() ? Optional.empty()
                : Optional.of(ApiClient.readToken(Path.of(tokenFile)));
        Optional<JournalApi.Lease> lease = Optional.empty();
        if (q.containsKey("job") && q.containsKey("lease")) {
            try {
                lease = Optional.of(new JournalApi.Lease(Long.parseLong(q.get("job")), q.get("lease")));
            } catch (NumberFormatException e) {
                throw new BadInputException("--db " + url + ": job must be a number");
            }
        }
        String hostPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        URI base = URI.create(uri.getScheme() + "://" + hostPort + (uri.getRawPath() == null ? "" : uri.getRawPath()));
        String display = uri.getScheme() + "://" + hostPort + lease.map(l -> " (job " + l.jobId() + ")").orElse("");
        return new Target(base, token, lease, display);
    }

    private JsonNode call(String op, ObjectNode args) {
        Map<String, String> headers = new HashMap<>();
        target.lease().ifPresent(l -> {
            headers.put("X-Culprit-Job", Long.toString(l.jobId()));
            headers.put("X-Culprit-Lease", l.leaseId());
        });
        ApiClient.Response r = api.post("/api/journal/" + op, args, headers);
        if (r.status() != 200) {
            String why = r.body();
            try {
                why = r.json().path("error").asText(why);
            } catch (RuntimeException e) {
                // not JSON: the body as it is
            }
            throw new InfraException("the journal " + location() + " refused " + op + " (HTTP " + r.status() + "): "
                    + why);
        }
        return r.json().path("value");
    }

    private static ObjectNode args() {
        return JournalCodec.object();
    }

    @Override
    public String location() {
        return target.display();
    }

    @Override
    public int schemaVersion() {
        return call("schemaVersion", args()).asInt();
    }

    @Override
    public BisectionRecord createBisection(String specHash, String spec, String summary) {
        return JournalCodec.bisection(call("createBisection", args().put("specHash", specHash).put("spec", spec)
                .put("summary", summary)));
    }

    @Override
    public Optional<BisectionRecord> latestBisection(String specHash) {
        return JournalCodec.optional(call("latestBisection", args().put("specHash", specHash)),
                JournalCodec::bisection);
    }

    @Override
    public Optional<BisectionRecord> bisection(long id) {
        return JournalCodec.optional(call("bisection", args().put("id", id)), JournalCodec::bisection);
    }

    @Override
    public List<BisectionRecord> bisections() {
        return JournalCodec.list(call("bisections", args()), JournalCodec::bisection);
    }

    @Override
    public void setState(long bisectionId, BisectionState state) {
        call("setState", args().put("id", bisectionId).put("state", state.word()));
    }

    @Override
    public void setResult(long bisectionId, BisectionState state, String resultJson) {
        call("setResult", args().put("id", bisectionId).put("state", state.word()).put("result", resultJson));
    }

    @Override
    public void setLogPath(long bisectionId, String logPath) {
        call("setLogPath", args().put("id", bisectionId).put("logPath", logPath));
    }

    @Override
    public BuildRecord recordBuild(BuildRecord build) {
        ObjectNode a = args();
        a.set("build", JournalCodec.build(build));
        return JournalCodec.build(call("recordBuild", a));
    }

    @Override
    public Optional<BuildRecord> build(long bisectionId, String commit) {
        return JournalCodec.optional(call("build", args().put("bisectionId", bisectionId).put("commit", commit)),
                JournalCodec::build);
    }

    @Override
    public Optional<BuildRecord> reusableBuild(BuildKey key) {
        ObjectNode a = args();
        a.set("key", JournalCodec.key(key));
        return JournalCodec.optional(call("reusableBuild", a), JournalCodec::build);
    }

    @Override
    public List<BuildRecord> builds(long bisectionId) {
        return JournalCodec.list(call("builds", args().put("bisectionId", bisectionId)), JournalCodec::build);
    }

    @Override
    public RunRecord recordRun(RunRecord run) {
        ObjectNode a = args();
        a.set("run", JournalCodec.run(run));
        return JournalCodec.run(call("recordRun", a));
    }

    @Override
    public Optional<RunRecord> run(long bisectionId, String commit, int index) {
        return JournalCodec.optional(call("run", args().put("bisectionId", bisectionId).put("commit", commit)
                .put("index", index)), JournalCodec::run);
    }

    @Override
    public Optional<RunRecord> reusableRun(BuildKey key, String testKey, int index) {
        ObjectNode a = args().put("testKey", testKey).put("index", index);
        a.set("key", JournalCodec.key(key));
        return JournalCodec.optional(call("reusableRun", a), JournalCodec::run);
    }

    @Override
    public List<RunRecord> runs(long bisectionId) {
        return JournalCodec.list(call("runs", args().put("bisectionId", bisectionId)), JournalCodec::run);
    }

    @Override
    public void recordDecision(DecisionRecord decision) {
        ObjectNode a = args();
        a.set("decision", JournalCodec.decision(decision));
        call("recordDecision", a);
    }

    @Override
    public List<DecisionRecord> decisions(long bisectionId) {
        return JournalCodec.list(call("decisions", args().put("bisectionId", bisectionId)), JournalCodec::decision);
    }

    @Override
    public int beginAttempt(long bisectionId, Optional<AttemptOwner> owner) {
        ObjectNode a = args().put("bisectionId", bisectionId);
        a.set("owner", JournalCodec.optional(owner, JournalCodec::owner));
        return call("beginAttempt", a).asInt();
    }

    @Override
    public Optional<AttemptOwner> owner(long bisectionId) {
        return JournalCodec.optional(call("owner", args().put("bisectionId", bisectionId)), JournalCodec::owner);
    }

    @Override
    public void appendLog(long bisectionId, int attempt, int seq, String line) {
        call("appendLog", args().put("bisectionId", bisectionId).put("attempt", attempt).put("seq", seq)
                .put("line", line));
    }

    @Override
    public List<String> log(long bisectionId) {
        return JournalCodec.list(call("log", args().put("bisectionId", bisectionId)), JsonNode::asText);
    }

    @Override
    public void putArtifact(String signature, long bytes) {
        artifacts.putArtifact(signature, bytes);
    }

    @Override
    public Optional<ArtifactEntry> useArtifact(String signature) {
        return artifacts.useArtifact(signature);
    }

    @Override
    public List<ArtifactEntry> artifacts() {
        return artifacts.artifacts();
    }

    @Override
    public void removeArtifact(String signature) {
        artifacts.removeArtifact(signature);
    }

    @Override
    public boolean offer(String signature, Path root, List<String> files) {
        if (!ArtifactBundle.signature(signature)) {
            return false;
        }
        String path = "/api/artifacts/" + signature;
        try {
            ApiClient.Head h = api.head(path);
            if (h.status() == 200) {
                return true; // the same signature, offered before (by this worker or another)
            }
            if (h.status() != 404) {
                warn("cannot offer the artifacts of " + signature + " (HTTP " + h.status() + ")");
                return false;
            }
            long max = h.header(Server.MAX_ARTIFACT_HEADER).map(Long::parseLong).orElse(Long.MAX_VALUE);
            long bytes = 0;
            for (String f : files) {
                bytes += java.nio.file.Files.size(root.resolve(f));
            }
            if (bytes > max) {
                return false; // the server's choice (--max-artifact): a worker that takes over builds again
            }
            ApiClient.Response r = api.putStream(path, "application/zip", out -> ArtifactBundle.write(out, root, files));
            if (r.status() == 200 || r.status() == 201) {
                return true;
            }
            warn("the server refused the artifacts of " + signature + " (HTTP " + r.status() + "): "
                    + errorOf(r.body()));
            return false;
        } catch (java.io.IOException | RuntimeException e) {
            warn("cannot offer the artifacts of " + signature + ": " + e.getMessage());
            return false;
        }
    }

    @Override
    public boolean fetch(String signature, Path into) {
        if (!ArtifactBundle.signature(signature)) {
            return false;
        }
        try {
            ApiClient.Streamed<List<ArtifactBundle.File>> r = api.getStream("/api/artifacts/" + signature,
                    in -> ArtifactBundle.read(in, into, Long.MAX_VALUE));
            if (r.status() == 200) {
                return true;
            }
            if (r.status() != 404) {
                warn("cannot fetch the artifacts of " + signature + " (HTTP " + r.status() + "): "
                        + errorOf(r.error()));
            }
            return false;
        } catch (RuntimeException e) {
            warn("cannot fetch the artifacts of " + signature + ": " + e.getMessage());
            return false;
        }
    }

    /** Sharing artifacts only saves work: a failure is said on stderr (the worker's log) and the build is redone. */
    private void warn(String message) {
        System.err.println("culprit: " + location() + ": " + message.lines().findFirst().orElse("")
                + "; a worker that needs them builds again");
    }

    private static String errorOf(String body) {
        try {
            return JournalCodec.MAPPER.readTree(body).path("error").asText(body);
        } catch (java.io.IOException | RuntimeException e) {
            return body;
        }
    }

    @Override
    public void close() {
        artifacts.close();
    }
}
