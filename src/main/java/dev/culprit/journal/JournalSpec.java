package dev.culprit.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a bisection is, for the journal: two runs with an equal spec are the same bisection (the second
 * resumes the first), so the spec must hold everything that shapes the engine's decisions.
 *
 * @param repository   the repository, absolute path (part of the cross-bisection build key)
 * @param buildCommand the build command exactly as given (part of the build key)
 * @param buildConfig  everything else that makes two builds of a commit the same binary (artifact list, a kernel
 *                     .config's content, build time limit): hashed into the build key's config hash
 * @param testConfig   everything that makes two runs the same experiment (test command, reproducer, run time
 *                     limit, run environment): hashed into the test key
 * @param summary      one line for {@code culprit list}; not part of the identity
 * @param parameters   every other option that shapes the decisions (mode, bad, goods, head, title, runs, jobs,
 *                     strategy, confidence, max builds, release pattern), by name
 */
public record JournalSpec(String repository, String buildCommand, String buildConfig, String testConfig,
                          String summary, Map<String, String> parameters) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public JournalSpec {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(buildCommand, "buildCommand");
        Objects.requireNonNull(buildConfig, "buildConfig");
        Objects.requireNonNull(testConfig, "testConfig");
        Objects.requireNonNull(summary, "summary");
        // Sorted: the JSON text, hence the hash, must not depend on the caller's map order.
        parameters = Map.copyOf(new TreeMap<>(parameters));
    }

    public String configHash() {
        return sha256(buildConfig);
    }

    public String testKey() {
        return sha256(testConfig);
    }

    /** The canonical JSON text of the spec (keys in a fixed order). */
    public String json() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("repository", repository);
        root.put("buildCommand", buildCommand);
        root.put("buildConfig", buildConfig);
        root.put("testConfig", testConfig);
        ObjectNode p = root.putObject("parameters");
        new TreeMap<>(parameters).forEach(p::put);
        return root.toString();
    }

    public String hash() {
        return sha256(json());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
