package dev.culprit.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.culprit.common.BadInputException;
import dev.culprit.common.InfraException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
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
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** A streamed transfer (an artifact) fails when the other side sends nothing for this long. */
    private static final Duration STREAM_READ_TIMEOUT = Duration.ofMinutes(2);

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

    /** A HEAD request: the status and the response headers. */
    public record Head(int status, Map<String, java.util.List<String>> headers) {
        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }
    }

    /** Writes a request body as a stream. */
    @FunctionalInterface
    public interface BodyWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Reads a response body as a stream. */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(InputStream in) throws IOException;
    }

    public Head head(String path) {
        HttpURLConnection c = open(path, "HEAD");
        try {
            return new Head(c.getResponseCode(), c.getHeaderFields());
        } catch (IOException e) {
            throw new InfraException("cannot reach the server " + base + ": " + e, e);
        } finally {
            c.disconnect();
        }
    }

    /**
     * PUTs a body written as it is sent (chunked: nothing is held in memory or on disk). When the server answers
     * before the body is whole (a refusal), its answer is returned.
     */
    public Response putStream(String path, String contentType, BodyWriter body) {
        HttpURLConnection c = open(path, "PUT");
        c.setDoOutput(true);
        c.setChunkedStreamingMode(1 << 16);
        c.setRequestProperty("Content-Type", contentType);
        try {
            IOException sending = null;
            try (OutputStream out = c.getOutputStream()) {
                body.write(out);
            } catch (IOException e) {
                sending = e;
            }
            try {
                return new Response(c.getResponseCode(), text(c));
            } catch (IOException e) {
                IOException first = sending != null ? sending : e;
                throw new InfraException("cannot send to the server " + base + path + ": " + first, first);
            }
        } finally {
            c.disconnect();
        }
    }

    /**
     * GETs a body as a stream: {@code reader} gets it when the status is 200, else the error body is returned
     * with the status and a null value.
     */
    public <T> Streamed<T> getStream(String path, BodyReader<T> reader) {
        HttpURLConnection c = open(path, "GET");
        try {
            int status = c.getResponseCode();
            if (status != 200) {
                return new Streamed<>(status, null, text(c));
            }
            try (InputStream in = c.getInputStream()) {
                return new Streamed<>(status, reader.read(in), "");
            }
        } catch (IOException e) {
            throw new InfraException("cannot read from the server " + base + path + ": " + e, e);
        } finally {
            c.disconnect();
        }
    }

    /** A streamed answer: the status, what the reader made of a 200 body, else the error body. */
    public record Streamed<T>(int status, T value, String error) {
    }

    /** A connection for a streamed transfer; every read waits at most {@link #STREAM_READ_TIMEOUT}. */
    private HttpURLConnection open(String path, String method) {
        try {
            HttpURLConnection c = (HttpURLConnection) resolve(path).toURL().openConnection();
            c.setRequestMethod(method);
            c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            c.setReadTimeout((int) STREAM_READ_TIMEOUT.toMillis());
            c.setUseCaches(false);
            token.ifPresent(t -> c.setRequestProperty("Authorization", "Bearer " + t));
            return c;
        } catch (IOException e) {
            throw new InfraException("cannot reach the server " + base + ": " + e, e);
        }
    }

    private static String text(HttpURLConnection c) throws IOException {
        InputStream in = c.getResponseCode() >= 400 ? c.getErrorStream() : c.getInputStream();
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readNBytes(1 << 16), StandardCharsets.UTF_8);
        }
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
