package dev.culprit.cli;

import dev.culprit.common.BadInputException;
import dev.culprit.common.Durations;
import dev.culprit.server.Worker;
import dev.culprit.server.WorkerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code culprit worker}: runs the jobs of a {@code culprit serve}. */
@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run jobs of a culprit server: pull a job, hold its lease with heartbeats, journal through the"
                + " server, push the result. Needs no database credentials, only the server's token.",
                "Runs until killed; a killed worker's jobs go to another worker when their lease runs out."})
final class WorkerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "URL", description = "The server (http://host:port).")
    URI server;

    @Option(names = "--token-file", required = true, paramLabel = "FILE", description = "The server's token.")
    Path tokenFile;

    @Option(names = "--slots", defaultValue = "1", paramLabel = "K",
            description = "Jobs at once. Default: ${DEFAULT-VALUE}.")
    int slots;

    @Option(names = "--work", defaultValue = ".culprit-worker", paramLabel = "DIR",
            description = "Work directory (worktrees, logs, artifact cache). Default: ${DEFAULT-VALUE}.")
    Path work;

    @Option(names = "--name", paramLabel = "NAME", description = "The worker's name. Default: host:pid.")
    String name;

    @Option(names = "--poll", defaultValue = "1s", paramLabel = "DUR",
            description = "Wait between asks when no job waits. Default: ${DEFAULT-VALUE}.")
    String poll;

    @Override
    public Integer call() throws InterruptedException {
        if (slots < 1) {
            throw new BadInputException("--slots must be at least 1, got " + slots);
        }
        if (server.getScheme() == null || !server.getScheme().startsWith("http")) {
            throw new BadInputException("--server " + server + ": expected http://host:port");
        }
        PrintWriter out = spec.commandLine().getOut();
        WorkerConfig config = new WorkerConfig(server, tokenFile.toAbsolutePath(), name == null ? defaultName() : name,
                slots, work.toAbsolutePath().normalize(), Durations.parse(poll), false);
        Worker worker = new Worker(config, new SessionJobRunner(), out);
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
        out.println("culprit worker " + config.name() + ": " + slots + " slot(s), server " + server);
        out.flush();
        worker.start();
        worker.join();
        return Main.EXIT_FOUND;
    }

    static String defaultName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid();
    }
}
