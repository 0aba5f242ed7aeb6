package dev.culprit.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.culprit.common.BadInputException;
import dev.culprit.common.InfraException;
import dev.culprit.store.JobRecord;
import dev.culprit.store.JobState;
import dev.culprit.store.QueueStore;
import io.javalin.Javalin;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code culprit serve}: the job queue's HTTP API, the journal for workers ({@link JournalApi}) and the dashboard.
 *
 * <p>Security: every write needs the bearer token (compared in constant time); reads need it too unless
 * {@code publicRead}. A browser may give the token as the password of HTTP basic authentication. Bodies over
 * {@code maxBody} and malformed JSON are refused with 400, and the server goes on serving.
 */
public final class Server implements AutoCloseable {
    /** A follow of a job's log ends after this long even if the job does not. */
    private static final Duration MAX_FOLLOW = Duration.ofHours(1);
    private static final long FOLLOW_POLL_MS = 300;
    /** On {@code HEAD /api/artifacts/{signature}}: the largest bundle (its files' bytes) an upload may hold. */
    static final String MAX_ARTIFACT_HEADER = "X-Culprit-Max-Artifact";

    /** An error answered with its status and a one-line message as JSON. */
    static final class ApiError extends RuntimeException {
        final int status;

        ApiError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final QueueStore store;
    private final ServerConfig config;
    private final JobSpecs specs;
    private final JournalApi journal;
    private final Dashboard dashboard;
    private final ArtifactStore artifacts;
    private final LatencyRecorder latency = new LatencyRecorder();
    private final Clock clock = Clock.systemUTC();
    private final byte[] token;
    /** When a worker that is not the server's own last asked for work: the embedded worker stands back then. */
    private final AtomicLong lastRemotePollMs = new AtomicLong(Long.MIN_VALUE / 2);
    private Javalin app;

    public Server(QueueStore store, ServerConfig config) {
        this.store = store;
        this.config = config;
        this.specs = new JobSpecs(config.shape());
        this.journal = new JournalApi(store);
        this.dashboard = new Dashboard(store, clock);
        this.artifacts = new ArtifactStore(config.artifacts().dir(), config.artifacts().maxBytes(),
                config.artifacts().budgetBytes());
        this.token = config.token().getBytes(StandardCharsets.UTF_8);
    }

    /** Starts listening; returns the port. */
    public synchronized int start() {
        app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            // Checked again in before() for a 400; this is the backstop for bodies without a Content-Length.
            c.http.maxRequestSize = config.maxBody();
        });
        app.before(this::before);
        app.after(this::after);
        app.exception(ApiError.class, (e, ctx) -> error(ctx, e.status, e.getMessage()));
        app.exception(ContentTooLargeResponse.class, (e, ctx) -> error(ctx, 400, "the request body is too large"));
        app.exception(ArtifactBundle.Invalid.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        app.exception(JsonProcessingException.class, (e, ctx) -> error(ctx, 400, "malformed JSON: "
                + e.getOriginalMessage()));
        app.exception(JobSpecs.Invalid.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        app.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        app.exception(BadInputException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        app.exception(JournalApi.LeaseLost.class, (e, ctx) -> error(ctx, 409, e.getMessage()));
        app.exception(JournalApi.UnknownOperation.class, (e, ctx) -> error(ctx, 404, e.getMessage()));
        app.exception(InfraException.class, (e, ctx) -> error(ctx, 503, e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> error(ctx, 500, "internal error: " + e));
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                error(ctx, 404, "no such resource: " + ctx.path());
            }
        });

        app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(OpenApi.TEXT));
        app.get("/healthz", ctx -> json(ctx, JournalCodec.object().put("ok", true)));
        app.get("/", ctx -> ctx.html(dashboard.jobs(500)));
        app.get("/jobs/{id}", ctx -> ctx.html(dashboard.job(id(ctx)).orElseThrow(() -> notFound(ctx))));

        app.get("/api/jobs", ctx -> {
            ArrayNode a = JournalCodec.MAPPER.createArrayNode();
            int limit = Math.max(1, Math.min(10_000, intParam(ctx, "limit", 1000)));
            store.jobs(limit).forEach(j -> a.add(jobJson(j)));
            json(ctx, JournalCodec.object().set("jobs", a));
        });
        app.post("/api/jobs", ctx -> {
            JobSpecs.Checked c = specs.check(body(ctx));
            JobRecord j = store.submitJob(c.kind(), c.spec().toString(), c.summary());
            ctx.status(201);
            json(ctx, jobJson(j));
        });
        app.get("/api/jobs/{id}", ctx -> json(ctx, jobJson(job(ctx))));
        app.get("/api/jobs/{id}/result", ctx -> {
            JobRecord j = job(ctx);
            ctx.contentType("application/json").result(j.result().orElseThrow(() ->
                    new ApiError(404, "job " + j.id() + " has no result (" + j.state().word() + ")")));
        });
        app.get("/api/jobs/{id}/log", this::log);
        app.post("/api/jobs/{id}/cancel", ctx -> {
            JobRecord j = job(ctx);
            if (!store.cancelJob(j.id())) {
                throw new ApiError(409, "job " + j.id() + " is already " + j.state().word());
            }
            json(ctx, jobJson(store.job(j.id()).orElseThrow()));
        });
        app.get("/api/stats", ctx -> {
            ObjectNode n = JournalCodec.object();
            latency.figures().forEach((route, f) -> n.putObject(route).put("count", f.count()).put("p50ms", f.p50())
                    .put("p99ms", f.p99()).put("maxMs", f.max()));
            json(ctx, JournalCodec.object().set("latency", n));
        });

        app.post("/api/worker/claim", this::claim);
        app.post("/api/worker/jobs/{id}/heartbeat", ctx -> {
            JsonNode b = body(ctx);
            if (!store.heartbeat(id(ctx), JournalCodec.text(b, "lease"), config.lease())) {
                throw new ApiError(409, "job " + id(ctx) + " is no longer leased to this worker");
            }
            json(ctx, JournalCodec.object().put("ok", true));
        });
        app.post("/api/worker/jobs/{id}/finish", ctx -> {
            JsonNode b = body(ctx);
            JobState state = JobState.of(JournalCodec.text(b, "state"));
            if (state != JobState.DONE && state != JobState.FAILED) {
                throw new ApiError(400, "a worker finishes a job as done or failed");
            }
            JsonNode result = b.get("result");
            Optional<String> r = result == null || result.isNull() ? Optional.empty() : Optional.of(result.asText());
            if (!store.finishJob(id(ctx), JournalCodec.text(b, "lease"), state, r, b.path("error").asText(""))) {
                throw new ApiError(409, "job " + id(ctx) + " is no longer leased to this worker");
            }
            json(ctx, JournalCodec.object().put("ok", true));
        });
        app.head("/api/artifacts/{signature}", ctx -> {
            ctx.header(MAX_ARTIFACT_HEADER, Long.toString(artifacts.maxBytes()));
            ctx.status(artifacts.has(ctx.pathParam("signature")) ? 200 : 404);
        });
        app.get("/api/artifacts/{signature}", this::artifact);
        app.put("/api/artifacts/{signature}", ctx -> {
            String signature = ctx.pathParam("signature");
            ArtifactStore.Stored s = artifacts.put(signature, ctx.req().getInputStream());
            ctx.status(s == ArtifactStore.Stored.NEW ? 201 : 200);
            json(ctx, JournalCodec.object().put("signature", signature).put("stored", s == ArtifactStore.Stored.NEW));
        });
        app.post("/api/journal/{op}", ctx -> {
            Optional<JournalApi.Lease> lease = Optional.empty();
            String job = ctx.header("X-Culprit-Job");
            String leaseId = ctx.header("X-Culprit-Lease");
            if (job != null && leaseId != null) {
                try {
                    lease = Optional.of(new JournalApi.Lease(Long.parseLong(job), leaseId));
                } catch (NumberFormatException e) {
                    throw new ApiError(400, "X-Culprit-Job must be a number");
                }
            }
            JsonNode value = journal.call(ctx.pathParam("op"), body(ctx), lease);
            json(ctx, JournalCodec.object().set("value", value));
        });
        app.start(config.host(), config.port());
        return app.port();
    }

    public int port() {
        return app.port();
    }

    // ---- the pieces

    private void before(Context ctx) {
        ctx.attribute("started", System.nanoTime());
        String path = ctx.path();
        boolean write = !ctx.method().name().equals("GET") && !ctx.method().name().equals("HEAD");
        boolean open = path.equals("/openapi.json") || path.equals("/healthz");
        // Build artifacts are binaries of the users' trees: for workers only, whatever --public-read says.
        boolean artifact = path.startsWith("/api/artifacts/");
        if (!open && (write || artifact || !config.publicRead()) && !authorised(ctx)) {
            if (!path.startsWith("/api/")) {
                ctx.header("WWW-Authenticate", "Basic realm=\"culprit\"");
            }
            throw new ApiError(401, "this needs the server's token: Authorization: Bearer TOKEN");
        }
        long length = ctx.contentLength();
        if (!artifact && length > config.maxBody()) {
            throw new ApiError(400, "the request body is too large (" + length + " bytes, at most "
                    + config.maxBody() + ")");
        }
    }

    private void after(Context ctx) {
        Long started = ctx.attribute("started");
        if (started != null && ctx.path().startsWith("/api/")) {
            latency.record(ctx.method().name() + " " + ctx.path().replaceAll("/\\d+(?=/|$)", "/{id}")
                    .replaceAll("^/api/journal/.*", "/api/journal/{op}")
                    .replaceAll("^/api/artifacts/.*", "/api/artifacts/{signature}"), System.nanoTime() - started);
        }
    }

    private boolean authorised(Context ctx) {
        String h = ctx.header("Authorization");
        if (h == null) {
            return false;
        }
        String given = null;
        if (h.startsWith("Bearer ")) {
            given = h.substring("Bearer ".length()).strip();
        } else if (h.startsWith("Basic ")) {
            try {
                String up = new String(Base64.getDecoder().decode(h.substring("Basic ".length()).strip()),
                        StandardCharsets.UTF_8);
                given = up.substring(up.indexOf(':') + 1);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    private void claim(Context ctx) throws JsonProcessingException {
        JsonNode b = body(ctx);
        String worker = JournalCodec.text(b, "worker");
        boolean embedded = b.path("embedded").asBoolean(false);
        long now = clock.millis();
        if (!embedded) {
            lastRemotePollMs.set(now);
        } else if (now - lastRemotePollMs.get() < config.lease().toMillis()) {
            // Workers are attached: the server's own worker is only for a server that has none.
            ctx.status(204);
            return;
        }
        Optional<JobRecord> j = store.claimJob(worker, config.lease());
        if (j.isEmpty()) {
            ctx.status(204);
            return;
        }
        ObjectNode n = jobJson(j.get());
        n.put("leaseId", j.get().leaseId().orElseThrow());
        n.put("leaseMs", config.lease().toMillis());
        json(ctx, n);
    }

    /** A stored artifact bundle, streamed from its file. */
    private void artifact(Context ctx) throws IOException {
        String signature = ctx.pathParam("signature");
        Path file = artifacts.find(signature).orElseThrow(() -> new ApiError(404, "no artifacts of " + signature));
        SeekableByteChannel channel;
        try {
            channel = Files.newByteChannel(file);
        } catch (NoSuchFileException e) {
            throw new ApiError(404, "no artifacts of " + signature); // evicted just now
        }
        // Open: an eviction from now on leaves this download its data.
        try (InputStream in = Channels.newInputStream(channel)) {
            ctx.status(200);
            ctx.contentType("application/zip");
            ctx.res().setContentLengthLong(channel.size());
            in.transferTo(ctx.res().getOutputStream());
        }
    }

    /** The log as text; with {@code follow=true}, streamed as it grows until the job ends. */
    private void log(Context ctx) throws IOException {
        JobRecord j = job(ctx);
        int from = Math.max(0, intParam(ctx, "from", 0));
        ctx.contentType("text/plain; charset=utf-8");
        if (!"true".equals(ctx.queryParam("follow"))) {
            List<String> log = j.bisectionId().map(store::log).orElse(List.of());
            StringBuilder b = new StringBuilder();
            log.subList(Math.min(from, log.size()), log.size()).forEach(l -> b.append(l).append('\n'));
            ctx.result(b.toString());
            return;
        }
        ctx.status(200);
        OutputStream out = ctx.res().getOutputStream();
        int sent = from;
        long deadline = System.nanoTime() + MAX_FOLLOW.toNanos();
        while (System.nanoTime() < deadline) {
            JobRecord now = store.job(j.id()).orElseThrow();
            List<String> log = now.bisectionId().map(store::log).orElse(List.of());
            StringBuilder b = new StringBuilder();
            for (; sent < log.size(); sent++) {
                b.append(log.get(sent)).append('\n');
            }
            if (b.length() > 0) {
                out.write(b.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            if (now.state().finished()) {
                break;
            }
            try {
                Thread.sleep(FOLLOW_POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    private ObjectNode jobJson(JobRecord j) {
        ObjectNode n = JournalCodec.object();
        n.put("id", j.id());
        n.put("kind", j.kind());
        n.put("state", j.state().word());
        n.put("summary", j.summary());
        try {
            n.set("spec", JournalCodec.MAPPER.readTree(j.spec()));
        } catch (IOException e) {
            n.put("spec", j.spec());
        }
        j.bisectionId().ifPresentOrElse(b -> n.put("bisectionId", b), () -> n.putNull("bisectionId"));
        n.put("claims", j.claims());
        n.put("worker", j.leaseOwner().orElse(null));
        n.put("created", j.created().toString());
        n.put("started", j.started().map(Object::toString).orElse(null));
        n.put("finished", j.finished().map(Object::toString).orElse(null));
        ResultView.of(j.result()).ifPresent(r -> {
            n.put("verdict", r.verdict());
            n.put("culprit", r.culprit().orElse(null));
            r.confidence().ifPresent(c -> n.put("confidence", c));
        });
        n.put("error", j.error());
        n.put("log", "/api/jobs/" + j.id() + "/log");
        n.put("result", "/api/jobs/" + j.id() + "/result");
        n.put("page", "/jobs/" + j.id());
        return n;
    }

    private JobRecord job(Context ctx) {
        long id = id(ctx);
        return store.job(id).orElseThrow(() -> new ApiError(404, "no job " + id));
    }

    private static ApiError notFound(Context ctx) {
        return new ApiError(404, "no such job: " + ctx.pathParam("id"));
    }

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new ApiError(400, "a job id is a number");
        }
    }

    private static int intParam(Context ctx, String name, int dflt) {
        String v = ctx.queryParam(name);
        try {
            return v == null ? dflt : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ApiError(400, "'" + name + "' must be a number");
        }
    }

    private static JsonNode body(Context ctx) throws JsonProcessingException {
        String text = ctx.body();
        if (text.isBlank()) {
            throw new ApiError(400, "the request needs a JSON body");
        }
        return JournalCodec.MAPPER.readTree(text);
    }

    private static void json(Context ctx, JsonNode n) {
        ctx.contentType("application/json").result(n.toString());
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status);
        json(ctx, JournalCodec.object().put("error", message == null ? "error" : message));
    }

    @Override
    public synchronized void close() {
        if (app != null) {
            app.stop();
            app = null;
        }
    }

    /** For the bench and tests: the figures behind {@code /api/stats}. */
    Map<String, LatencyRecorder.Figures> latency() {
        return latency.figures();
    }
}
