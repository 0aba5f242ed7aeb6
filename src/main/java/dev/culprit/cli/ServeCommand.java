package dev.culprit.cli;

import dev.culprit.common.BadInputException;
import dev.culprit.common.Durations;
import dev.culprit.journal.ArtifactCache;
import dev.culprit.server.Server;
import dev.culprit.server.ServerConfig;
import dev.culprit.server.Worker;
import dev.culprit.server.WorkerConfig;
import dev.culprit.store.QueueStore;
import dev.culprit.store.Stores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code culprit serve}: the bisection service. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve the job queue (HTTP API, OpenAPI at /openapi.json), the journal for workers and the"
                + " dashboard. With no worker attached, the server runs jobs itself (--slots).",
                "Every write needs the token in the token file (created with a random token when missing)."})
final class ServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--db", paramLabel = "URL",
            description = "The journal and queue: a SQLite file or postgresql://user:pw@host:port/db. "
                    + "Default: culprit.db in the work directory.")
    String db;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDR",
            description = "Address to listen on (0.0.0.0 for workers on other machines). Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "P", description = "Port (0: any free one). "
            + "Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--token-file", defaultValue = ".culprit-server/token", paramLabel = "FILE",
            description = "The bearer token (created when missing). Default: ${DEFAULT-VALUE}.")
    Path tokenFile;

    @Option(names = "--public-read", description = "Reads (dashboard, job state, logs) need no token.")
    boolean publicRead;

    @Option(names = "--lease", defaultValue = "30s", paramLabel = "DUR",
            description = "A worker's lease on a job without a heartbeat. Default: ${DEFAULT-VALUE}.")
    String lease;

    @Option(names = "--max-body", defaultValue = "4M", paramLabel = "SIZE",
            description = "The largest request body. Default: ${DEFAULT-VALUE}.")
    String maxBody;

    @Option(names = "--max-artifact", defaultValue = "4G", paramLabel = "SIZE",
            description = "The largest build (its artifacts' bytes) a worker may share through the server. "
                    + "Default: ${DEFAULT-VALUE}.")
    String maxArtifact;

    @Option(names = "--artifact-budget", defaultValue = "40G", paramLabel = "SIZE",
            description = "Workers' build artifacts kept in WORK/artifacts, least recently used out first "
                    + "(0: none kept, workers that take over a job build again). Default: ${DEFAULT-VALUE}.")
    String artifactBudget;

    @Option(names = "--slots", defaultValue = "1", paramLabel = "K",
            description = "Jobs the server runs itself while no worker is attached (0: never). "
                    + "Default: ${DEFAULT-VALUE}.")
    int slots;

    @Option(names = "--work", defaultValue = ".culprit-server", paramLabel = "DIR",
            description = "Work directory (the default journal, the server's own jobs). Default: ${DEFAULT-VALUE}.")
    Path work;

    @Override
    public Integer call() throws Exception {
        if (slots < 0) {
            throw new BadInputException("--slots must not be negative, got " + slots);
        }
        Duration leaseTime = Durations.parse(lease);
        if (leaseTime.toMillis() < 300) {
            throw new BadInputException("--lease must be at least 300ms, got " + lease);
        }
        PrintWriter out = spec.commandLine().getOut();
        Path workDir = work.toAbsolutePath().normalize();
        Files.createDirectories(workDir);
        Path token = tokenFile.toAbsolutePath();
        ensureToken(token, out);
        try (QueueStore store = Stores.openQueue(db, workDir);
             Server server = new Server(store, new ServerConfig(host, port,
                     dev.culprit.server.ApiClient.readToken(token), publicRead, leaseTime,
                     size("--max-body", maxBody), SessionJobRunner.shape(),
                     new ServerConfig.Artifacts(workDir.resolve("artifacts"), size("--max-artifact", maxArtifact),
                             size("--artifact-budget", artifactBudget))))) {
            int bound = server.start();
            URI url = URI.create("http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + bound);
            out.println("culprit serve: listening on " + url + " (journal " + store.location() + ")");
            out.flush();
            Worker own = null;
            if (slots > 0) {
                own = new Worker(new WorkerConfig(url, token, "server:" + ProcessHandle.current().pid(), slots,
                        workDir.resolve("worker"), Duration.ofMillis(500), true), new SessionJobRunner(), out);
                own.start();
            }
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
            if (own != null) {
                own.close();
            }
        }
        return Main.EXIT_FOUND;
    }

    private static long size(String option, String text) {
        try {
            return ArtifactCache.parseSize(text);
        } catch (BadInputException e) {
            throw new BadInputException(option + " '" + text + "' is not a size: use e.g. 64K, 500M or 20G");
        }
    }

    /** A missing token file gets a random token, readable by its owner only. */
    private static void ensureToken(Path file, PrintWriter out) throws IOException {
        if (Files.exists(file)) {
            return;
        }
        Files.createDirectories(file.getParent());
        byte[] raw = new byte[24];
        new SecureRandom().nextBytes(raw);
        Path tmp = Files.createTempFile(file.getParent(), ".token", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, HexFormat.of().formatHex(raw) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file);
        out.println("culprit serve: wrote a new token to " + file);
    }
}
