package dev.culprit.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.culprit.common.BadInputException;
import dev.culprit.common.InfraException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Calls the server's JSON API with the bearer token: what workers, {@link HttpStore} and the bench use. */
public final class ApiClient {
    /** Connection refused is retried this often (a server restarting); anything else fails at once. */
    private static final int CONNECT_RETRIES = 5;

    /** An answer of the API. */
    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return JournalCodec.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new InfraException("the server answered with malformed JSON: " + e.getMessage(), e);
            }
        }
    }

    private final URI base;
    private final Optional<String> token;
    private final HttpClient client;

    public ApiClient(URI base, Optional<String> token) {
        this.base = base;
        this.token = token;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    public URI base() {
        return base;
    }

    /** Reads the token file: one line, surrounding white space ignored. */
    public static String readToken(Path file) {
        try {
            String t = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (t.isEmpty()) {
                throw new BadInputException("the token file " + file + " is empty");
            }
            return t;
        } catch (IOException e) {
            throw new BadInputException("cannot read the token file " + file + ": " + e.getMessage());
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(resolve(path)).GET(), Map.of());
    }

    public Response post(String path, JsonNode body) {
        return post(path, body, Map.of());
    }

    public Response post(String path, JsonNode body, Map<String, String> headers) {
        return send(HttpRequest.newBuilder(resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)), headers);
    }

    private URI resolve(String path) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
    }

    private Response send(HttpRequest.Builder rb, Map<String, String> headers) {
        token.ifPresent(t -> rb.header("Authorization", "Bearer " + t));
        headers.forEach(rb::header);
        rb.timeout(Duration.ofMinutes(2));
        HttpRequest request = rb.build();
        for (int attempt = 0; ; attempt++) {
            try {
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                return new Response(r.statusCode(), r.body());
            } catch (ConnectException e) {
                if (attempt >= CONNECT_RETRIES) {
                    throw new InfraException("cannot reach the server " + base + ": " + e, e);
                }
                sleep(200L << attempt);
            } catch (IOException e) {
                throw new InfraException("cannot reach the server " + base + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InfraException("interrupted while calling the server " + base, e);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraException("interrupted while waiting for the server", e);
        }
    }
}
