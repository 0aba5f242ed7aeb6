package dev.culprit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.culprit.common.InfraException;
import dev.culprit.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The security cases against a real {@code culprit serve} process (no worker, reads need the token): writes and
 * reads without the token are refused, spec values with shell metacharacters are refused with 400, oversized and
 * malformed bodies get 400 and the server keeps serving, stored text is escaped in the pages, and a lease that is
 * no longer the job's cannot write to the journal.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerSecurityTest {
    private Path tmp;

    private LocalFleet fleet;
    private ApiClient api;
    private ApiClient anonymous;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startServer(@TempDir Path dir) throws Exception {
        tmp = dir;
        fleet = new LocalFleet(tmp.resolve("fleet"));
        fleet.startServer(List.of("--slots", "0", "--max-body", "64K", "--lease", "1m"));
        api = fleet.client();
        anonymous = new ApiClient(fleet.server(), Optional.empty());
    }

    @AfterAll
    void stopServer() {
        fleet.close();
    }

    private ObjectNode spec() {
        ObjectNode s = ServerFixtures.MAPPER.createObjectNode();
        s.put("repo", "/srv/repos/linux");
        s.put("bad", "v6.1~3");
        s.putArray("good").add("v6.0");
        s.put("build", "make -j8 && cp vmlinux out/ || exit 1");
        s.put("test", "./repro.sh; echo $?");
        s.put("runs", 10);
        s.put("title", "KASAN: use-after-free Read in hwsim_set_edge_lqi (2)");
        return s;
    }

    @Test
    void writesAndPrivateReadsNeedTheToken() throws Exception {
        assertThat(anonymous.post("/api/jobs", spec()).status()).isEqualTo(401);
        assertThat(new ApiClient(fleet.server(), Optional.of("wrong")).post("/api/jobs", spec()).status())
                .isEqualTo(401);
        assertThat(anonymous.post("/api/worker/claim", ServerFixtures.MAPPER.createObjectNode().put("worker", "x"))
                .status()).isEqualTo(401);
        assertThat(anonymous.post("/api/journal/bisections", ServerFixtures.MAPPER.createObjectNode()).status())
                .isEqualTo(401);
        assertThat(anonymous.post("/api/jobs/1/cancel", ServerFixtures.MAPPER.createObjectNode()).status())
                .isEqualTo(401);
        assertThat(anonymous.get("/api/jobs").status()).isEqualTo(401);
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(fleet.server().resolve("/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(401);
        assertThat(page.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("Basic"));
        // The OpenAPI description is public; with the token everything reads.
        assertThat(anonymous.get("/openapi.json").json().path("openapi").asText()).startsWith("3.");
        // Strict: one JSON document, nothing after it (a brace too many closes it early and goes unnoticed).
        JsonNode openapi = ServerFixtures.MAPPER.reader().with(
                com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(
                anonymous.get("/openapi.json").body());
        assertThat(openapi.path("paths").path("/api/jobs/{id}/cancel").has("post")).isTrue();
        assertThat(api.get("/api/jobs").status()).isEqualTo(200);
        // A browser gives the token as the basic-auth password.
        String basic = java.util.Base64.getEncoder().encodeToString(("me:" + fleet.token())
                .getBytes(StandardCharsets.UTF_8));
        assertThat(http.send(HttpRequest.newBuilder(fleet.server().resolve("/")).header("Authorization",
                "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void aValidSpecIsQueuedWithItsShellCommandsIntact() {
        ApiClient.Response r = api.post("/api/jobs", spec());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode job = r.json();
        assertThat(job.path("state").asText()).isEqualTo("queued");
        assertThat(job.path("spec").path("build").asText()).isEqualTo("make -j8 && cp vmlinux out/ || exit 1");
        assertThat(job.path("spec").path("jobs").asText()).as("fixed by the server for resumes").isEqualTo("2");
        assertThat(api.post("/api/jobs/" + job.path("id").asLong() + "/cancel", ServerFixtures.MAPPER
                .createObjectNode()).json().path("state").asText()).isEqualTo("cancelled");
    }

    @Test
    void aKernelSpecIsQueuedAndItsFilesMustBeAbsoluteAndClean() {
        ObjectNode k = ServerFixtures.MAPPER.createObjectNode();
        k.put("repo", "/srv/linux");
        k.put("bad", "v6.1");
        k.putArray("good").add("v6.0");
        k.put("kernel", true);
        k.put("kernel-config", "/srv/configs/kasan.config");
        k.put("repro", "/srv/repros/hwsim.c");
        k.put("vms", 4);
        k.put("cmdline", "kasan.fault=panic panic_on_warn=1");
        k.put("title", "general protection fault in hwsim_set_edge_lqi");
        ApiClient.Response r = api.post("/api/jobs", k);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().path("spec").path("jobs").asText()).as("one run per VM").isEqualTo("4");
        api.post("/api/jobs/" + r.json().path("id").asLong() + "/cancel", ServerFixtures.MAPPER.createObjectNode());

        List<Consumer<ObjectNode>> bad = List.of(
                s -> s.put("kernel-config", "configs/kasan.config"),
                s -> s.put("repro", "/srv/../etc/shadow"),
                s -> s.put("repro", "/srv/repro.c;reboot"),
                s -> s.put("cmdline", "quiet; reboot"),
                s -> s.put("cmdline", "init=$(id)"),
                s -> s.put("build", "make"),
                s -> s.remove("repro"));
        for (Consumer<ObjectNode> change : bad) {
            ObjectNode s = k.deepCopy();
            change.accept(s);
            ApiClient.Response e = api.post("/api/jobs", s);
            assertThat(e.status()).as("%s -> %s", s, e.body()).isEqualTo(400);
        }
    }

    @Test
    void shellMetacharactersInRevisionsPathsAndOptionsAre400() {
        List<Consumer<ObjectNode>> bad = List.of(
                s -> s.put("bad", "main;id"),
                s -> s.put("bad", "$(reboot)"),
                s -> s.put("bad", "--upload-pack=touch /tmp/x"),
                s -> s.putArray("good").add("v6.0`id`"),
                s -> s.put("repo", "/srv/repo|cat /etc/passwd"),
                s -> s.put("repo", "relative/path"),
                s -> s.putArray("artifact").add("out/vmlinux>x"),
                s -> s.putArray("artifact").add("../../etc/shadow"),
                s -> s.put("runs", "4; rm -rf /"),
                s -> s.put("strategy", "bayes&&x"),
                s -> s.put("run-timeout", "10m\nx"),
                s -> s.put("title", "BUG in $(id)"),
                s -> s.put("work", "/tmp/elsewhere"),
                s -> s.put("db", "postgresql://other/db"),
                s -> s.put("no-such-option", "1"),
                s -> s.put("fix", "yes"),
                s -> s.remove("repo"));
        for (Consumer<ObjectNode> change : bad) {
            ObjectNode s = spec();
            change.accept(s);
            ApiClient.Response r = api.post("/api/jobs", s);
            assertThat(r.status()).as("%s -> %s", s, r.body()).isEqualTo(400);
            assertThat(r.json().path("error").asText()).isNotEmpty();
        }
        ObjectNode sim = LocalFleetJson.sim("../../etc/passwd", 0);
        assertThat(api.post("/api/jobs", sim).status()).isEqualTo(400);
    }

    @Test
    void oversizedAndMalformedBodiesAre400AndTheServerKeepsServing() throws Exception {
        String huge = "{\"repo\": \"" + "a".repeat(100 * 1024) + "\"}";
        for (String body : List.of(huge, "{\"repo\": ", "not json", "[1, 2]", "", "{\"kind\": \"nope\"}")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(fleet.server().resolve("/api/jobs"))
                    .header("Authorization", "Bearer " + fleet.token()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("body %.40s -> %s", body, r.body()).isEqualTo(400);
        }
        // A body without a Content-Length (chunked) over the limit: refused all the same.
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(fleet.server().resolve("/api/jobs"))
                .header("Authorization", "Bearer " + fleet.token())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        huge.getBytes(StandardCharsets.UTF_8)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(400);
        assertThat(api.get("/healthz").status()).isEqualTo(200);
        assertThat(api.post("/api/jobs", spec()).status()).isEqualTo(201);
    }

    @Test
    void storedTextIsEscapedAndAStaleLeaseCannotWrite() throws Exception {
        long id = api.post("/api/jobs", LocalFleetJson.sim("p-0.5", 7)).json().path("id").asLong();
        JsonNode claimed;
        do {
            // Jobs of other tests may be queued before it: take them all until this one comes.
            claimed = api.post("/api/worker/claim", ServerFixtures.MAPPER.createObjectNode().put("worker", "t")).json();
        } while (claimed.path("id").asLong() != id);
        String url = HttpStore.url(fleet.server(), fleet.tokenFile(), id, claimed.path("leaseId").asText());
        try (Store journal = HttpStore.open(url, tmp.resolve("w"))) {
            var b = journal.createBisection("h", "{}", "<b>summary</b>");
            int attempt = journal.beginAttempt(b.id(), Optional.empty());
            journal.appendLog(b.id(), attempt, 0, "first bad commit: 1234 <script>alert(1)</script> & more");
            String page = page("/jobs/" + id);
            assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more").doesNotContain(
                    "<script>alert");
            assertThat(api.post("/api/jobs/" + id + "/cancel", ServerFixtures.MAPPER.createObjectNode()).status())
                    .isEqualTo(200);
            assertThatThrownBy(() -> journal.appendLog(b.id(), attempt, 1, "late"))
                    .isInstanceOf(InfraException.class).hasMessageContaining("HTTP 409");
        }
    }

    private String page(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(fleet.server().resolve(path)).header("Authorization",
                "Bearer " + fleet.token()).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

}
