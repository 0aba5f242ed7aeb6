package dev.culprit.server;

import dev.culprit.common.InfraException;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server and workers as separate processes on loopback ({@code java -cp <this classpath> ... serve|worker}):
 * what {@code culprit bench server} and the fleet tests run. Each process writes its output to a file in
 * {@code dir}; {@link #close} ends every process it started.
 */
public final class LocalFleet implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private static final String MAIN = "dev.culprit.cli.Main";

    /** A started process and where its output goes. */
    public record Member(String name, Process process, Path out) {
    }

    private final Path dir;
    private final Path tokenFile;
    private final List<Member> members = new ArrayList<>();
    private URI server;

    public LocalFleet(Path dir) throws IOException {
        this.dir = dir.toAbsolutePath();
        Files.createDirectories(this.dir);
        this.tokenFile = this.dir.resolve("token");
        if (!Files.exists(tokenFile)) {
            Files.writeString(tokenFile, java.util.UUID.randomUUID() + "\n");
        }
    }

    public Path tokenFile() {
        return tokenFile;
    }

    public String token() {
        return ApiClient.readToken(tokenFile);
    }

    public URI server() {
        return server;
    }

    public ApiClient client() {
        return new ApiClient(server, java.util.Optional.of(token()));
    }

    /** Starts {@code culprit serve} on a free port with these extra options; waits until it listens. */
    public synchronized URI startServer(List<String> options) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("serve", "--port", "0", "--token-file", tokenFile.toString(),
                "--work", dir.resolve("server").toString()));
        args.addAll(options);
        Member m = start("server", args, Map.of());
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            String text = Files.exists(m.out()) ? Files.readString(m.out(), StandardCharsets.UTF_8) : "";
            Matcher mt = LISTENING.matcher(text);
            if (mt.find()) {
                server = URI.create(mt.group(1));
                return server;
            }
            if (!m.process().isAlive()) {
                throw new InfraException("culprit serve exited with " + m.process().exitValue() + ": " + text);
            }
            Thread.sleep(50);
        }
        throw new InfraException("culprit serve did not start listening within a minute");
    }

    /** Starts {@code culprit worker} number {@code i} against the server (its own work directory unless
     *  {@code options} name one). */
    public synchronized Member startWorker(int i, List<String> options, Map<String, String> env) throws IOException {
        List<String> args = new ArrayList<>(List.of("worker", "--server", server.toString(), "--token-file",
                tokenFile.toString(), "--name", "worker-" + i));
        if (!options.contains("--work")) {
            args.addAll(List.of("--work", dir.resolve("worker-" + i).toString()));
        }
        args.addAll(options);
        return start("worker-" + i, args, env);
    }

    private Member start(String name, List<String> args, Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), MAIN));
        cmd.addAll(args);
        Path out = dir.resolve(name + ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().putAll(env);
        Member m = new Member(name, pb.start(), out);
        members.add(m);
        return m;
    }

    /** SIGKILL to the member and every process it started: the machine died. */
    public static void kill(Member m) throws InterruptedException {
        List<ProcessHandle> tree = m.process().descendants().toList();
        m.process().destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        m.process().waitFor();
    }

    @Override
    public synchronized void close() {
        for (Member m : members) {
            List<ProcessHandle> tree = m.process().descendants().toList();
            m.process().destroy();
            tree.forEach(ProcessHandle::destroy);
        }
        for (Member m : members) {
            try {
                if (!m.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    m.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                m.process().destroyForcibly();
            }
        }
        members.clear();
    }
}
