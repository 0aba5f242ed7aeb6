package dev.culprit.server;

import dev.culprit.journal.ArtifactCache;
import dev.culprit.store.ArtifactEntry;
import dev.culprit.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Build artifacts shared through a real {@code culprit serve} process: what one machine's {@link ArtifactCache}
 * puts, another's restores (bytes and executable bit), through {@link HttpStore} as the share. The artifact
 * routes need the token even with {@code --public-read}; a malformed, escaping or oversized bundle is refused
 * with 400 and the server keeps serving; the least recently used bundles go when the budget is passed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArtifactShareTest {
    private static final long MAX = 64 * 1024;
    private static final long BUDGET = 200 * 1024;

    private Path tmp;
    private LocalFleet fleet;
    private ApiClient api;
    private final HttpClient http = HttpClient.newHttpClient();
    private int trees;

    @BeforeAll
    void startServer(@TempDir Path dir) throws Exception {
        tmp = dir;
        fleet = new LocalFleet(tmp.resolve("fleet"));
        // Bundles go up to 64K, past --max-body (the JSON API's limit, not the artifacts').
        fleet.startServer(List.of("--slots", "0", "--public-read", "--max-body", "16K", "--max-artifact", "64K",
                "--artifact-budget", "200K"));
        api = fleet.client();
    }

    @AfterAll
    void stopServer() {
        fleet.close();
    }

    private static String sig(int i) {
        return String.format("%064x", i);
    }

    private Path artifactDir() {
        return fleet.tokenFile().getParent().resolve("server").resolve("artifacts");
    }

    /** A worktree with an executable and a data file of random (incompressible) bytes. */
    private Path tree(int progBytes, int dataBytes) throws IOException {
        Path root = tmp.resolve("tree-" + trees++);
        Files.createDirectories(root.resolve("out"));
        Random r = new Random(trees);
        byte[] prog = new byte[progBytes];
        r.nextBytes(prog);
        Files.write(root.resolve("out/prog"), prog);
        assertThat(root.resolve("out/prog").toFile().setExecutable(true)).isTrue();
        byte[] data = new byte[dataBytes];
        r.nextBytes(data);
        Files.write(root.resolve("data.bin"), data);
        return root;
    }

    private HttpStore machine(String name) {
        return HttpStore.open(fleet.server() + "/?token-file=" + fleet.tokenFile(), tmp.resolve(name));
    }

    @Test
    void aBuildCachedOnOneMachineIsRestoredOnAnother() throws Exception {
        List<String> artifacts = List.of("out/prog", "data.bin");
        Path built = tree(10_000, 3_000);
        try (Store a = machine("machine-a"); Store b = machine("machine-b")) {
            ArtifactCache cacheA = new ArtifactCache(a, tmp.resolve("machine-a/cache"), 1 << 20);
            ArtifactCache cacheB = new ArtifactCache(b, tmp.resolve("machine-b/cache"), 1 << 20);
            assertThat(cacheA.put(sig(1), built, artifacts)).isTrue();
            assertThat(api.head("/api/artifacts/" + sig(1)).status()).isEqualTo(200);

            Path worktree = tmp.resolve("machine-b/worktree");
            Files.createDirectories(worktree);
            assertThat(cacheB.restore(sig(1), worktree, artifacts)).isTrue();
            assertThat(Files.readAllBytes(worktree.resolve("out/prog"))).isEqualTo(
                    Files.readAllBytes(built.resolve("out/prog")));
            assertThat(Files.readAllBytes(worktree.resolve("data.bin"))).isEqualTo(
                    Files.readAllBytes(built.resolve("data.bin")));
            assertThat(Files.isExecutable(worktree.resolve("out/prog"))).isTrue();
            assertThat(Files.isExecutable(worktree.resolve("data.bin"))).isFalse();
            // Fetched once, kept on B: the next restore is local.
            assertThat(b.artifacts()).extracting(ArtifactEntry::signature).containsExactly(sig(1));
            assertThat(cacheB.restore(sig(2), worktree, artifacts)).as("nobody built it").isFalse();
            // A build needing a file the shared one lacks is built again, not half restored.
            assertThat(cacheB.restore(sig(1), tmp.resolve("machine-b/other"), List.of("out/prog", "out/extra")))
                    .isFalse();
        }
    }

    @Test
    void artifactsNeedTheTokenEvenWhenReadsArePublic() throws Exception {
        ApiClient anonymous = new ApiClient(fleet.server(), Optional.empty());
        assertThat(anonymous.get("/api/jobs").status()).as("--public-read").isEqualTo(200);
        assertThat(anonymous.get("/api/artifacts/" + sig(1)).status()).isEqualTo(401);
        assertThat(anonymous.head("/api/artifacts/" + sig(1)).status()).isEqualTo(401);
        assertThat(put(sig(3), bundle(Map.of("prog", "x")), false).statusCode()).isEqualTo(401);
        assertThat(Files.exists(artifactDir().resolve(sig(3) + ".zip"))).isFalse();
        assertThat(anonymous.get("/openapi.json").json().path("paths").path("/api/artifacts/{signature}")
                .has("put")).as("described").isTrue();
    }

    @Test
    void badBundlesAre400AndTheServerKeepsServing() throws Exception {
        String ok = "{\"files\":[{\"path\":\"prog\",\"bytes\":2}]}";
        Map<String, byte[]> cases = new java.util.LinkedHashMap<>();
        cases.put("not a zip", "hello".getBytes(StandardCharsets.UTF_8));
        cases.put("empty", new byte[0]);
        cases.put("no manifest", zip(List.of(Map.entry("prog", "hi"))));
        cases.put("escaping path", zip(List.of(Map.entry(ArtifactBundle.MANIFEST,
                "{\"files\":[{\"path\":\"../../etc/cron.d/x\",\"bytes\":2}]}"), Map.entry("../../etc/cron.d/x", "hi"))));
        cases.put("absolute path", zip(List.of(Map.entry(ArtifactBundle.MANIFEST,
                "{\"files\":[{\"path\":\"/etc/x\",\"bytes\":2}]}"), Map.entry("/etc/x", "hi"))));
        cases.put("longer than declared", zip(List.of(Map.entry(ArtifactBundle.MANIFEST, ok),
                Map.entry("prog", "hi there"))));
        cases.put("shorter than declared", zip(List.of(Map.entry(ArtifactBundle.MANIFEST, ok),
                Map.entry("prog", "h"))));
        cases.put("an extra file", zip(List.of(Map.entry(ArtifactBundle.MANIFEST, ok), Map.entry("prog", "hi"),
                Map.entry("evil", "x"))));
        cases.put("declared over the limit", zip(List.of(Map.entry(ArtifactBundle.MANIFEST,
                "{\"files\":[{\"path\":\"prog\",\"bytes\":" + (MAX + 1) + "}]}"), Map.entry("prog", "hi"))));
        cases.put("manifest not JSON", zip(List.of(Map.entry(ArtifactBundle.MANIFEST, "{files"))));
        cases.put("truncated", java.util.Arrays.copyOf(bundle(Map.of("prog", "x".repeat(5000))), 60));
        for (Map.Entry<String, byte[]> c : cases.entrySet()) {
            HttpResponse<String> r = put(sig(4), c.getValue(), true);
            assertThat(r.statusCode()).as("%s -> %s", c.getKey(), r.body()).isEqualTo(400);
            assertThat(r.body()).as(c.getKey()).contains("\"error\"");
        }
        assertThat(put("not-hex", bundle(Map.of("prog", "hi")), true).statusCode()).isEqualTo(400);
        // Over the limit in fact (random bytes: the zip does not shrink them), sent without a Content-Length.
        byte[] big = new byte[(int) MAX + 1];
        new Random(7).nextBytes(big);
        byte[] oversized = bundleOf(Map.of("prog", big));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(fleet.server().resolve("/api/artifacts/" + sig(4)))
                .header("Authorization", "Bearer " + fleet.token())
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(oversized)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        // Nothing of them stored, no leftover upload; the server serves on and takes a good bundle.
        try (var files = Files.list(artifactDir())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(sig(4))
                    || n.startsWith(".upload-"));
        }
        assertThat(api.get("/healthz").status()).isEqualTo(200);
        assertThat(put(sig(4), bundle(Map.of("prog", "hi")), true).statusCode()).isEqualTo(201);
        assertThat(put(sig(4), bundle(Map.of("prog", "hi")), true).statusCode()).as("stored already").isEqualTo(200);
        // A worker does not even offer what the server would refuse: its build is simply not shared.
        try (Store w = machine("machine-c")) {
            assertThat(((HttpStore) w).offer(sig(5), tree((int) MAX + 1, 0), List.of("out/prog"))).isFalse();
        }
        assertThat(api.head("/api/artifacts/" + sig(5)).status()).isEqualTo(404);
    }

    @Test
    void theLeastRecentlyUsedBundlesGoWhenTheBudgetIsPassed() throws Exception {
        // Each bundle is a little over 60K on disk: three fit the 200K budget, four do not.
        byte[][] payloads = new byte[4][];
        for (int i = 0; i < 4; i++) {
            payloads[i] = new byte[60 * 1024];
            new Random(100 + i).nextBytes(payloads[i]);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(put(sig(10 + i), bundleOf(Map.of("prog", payloads[i])), true).statusCode()).isEqualTo(201);
        }
        // Using the first makes the second the least recently used.
        assertThat(api.getStream("/api/artifacts/" + sig(10), in -> in.readAllBytes().length).status())
                .isEqualTo(200);
        assertThat(put(sig(13), bundleOf(Map.of("prog", payloads[3])), true).statusCode()).isEqualTo(201);
        assertThat(api.head("/api/artifacts/" + sig(11)).status()).isEqualTo(404);
        for (int i : new int[]{10, 12, 13}) {
            assertThat(api.head("/api/artifacts/" + sig(i)).status()).as("bundle %d", i).isEqualTo(200);
        }
        long total;
        try (var files = Files.list(artifactDir())) {
            total = files.mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(total).isLessThanOrEqualTo(BUDGET);
    }

    private HttpResponse<String> put(String signature, byte[] body, boolean token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(fleet.server().resolve("/api/artifacts/" + signature))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token) {
            b.header("Authorization", "Bearer " + fleet.token());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A well-formed bundle of text files, as a worker writes it. */
    private byte[] bundle(Map<String, String> files) throws IOException {
        Map<String, byte[]> bytes = new java.util.TreeMap<>();
        files.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return bundleOf(bytes);
    }

    private byte[] bundleOf(Map<String, byte[]> files) throws IOException {
        Path root = tmp.resolve("bundle-" + trees++);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Files.createDirectories(root.resolve(f.getKey()).getParent());
            Files.write(root.resolve(f.getKey()), f.getValue());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ArtifactBundle.write(out, root, List.copyOf(new java.util.TreeSet<>(files.keySet())));
        return out.toByteArray();
    }

    /** A zip of these entries in this order, whatever they say. */
    private static byte[] zip(List<Map.Entry<String, String>> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> e : entries) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
