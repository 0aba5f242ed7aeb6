package dev.culprit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.culprit.common.InfraException;
import dev.culprit.store.Store;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code culprit worker}: asks the server for jobs, holds each under a lease with heartbeats, runs it with the
 * server as its journal, and reports the result. A worker that dies stops heartbeating; its lease runs out and
 * the job goes to another worker, which resumes it from the journal.
 */
public final class Worker implements AutoCloseable {
    private final WorkerConfig config;
    private final BisectJobRunner bisect;
    private final ApiClient api;
    private final PrintWriter out;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService heartbeats;

    public Worker(WorkerConfig config, BisectJobRunner bisect, PrintWriter out) {
        this.config = config;
        this.bisect = bisect;
        this.out = out;
        this.api = new ApiClient(config.server(), Optional.of(ApiClient.readToken(config.tokenFile())));
        this.heartbeats = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "culprit-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts one thread per slot. */
    public synchronized void start() {
        for (int i = 0; i < config.slots(); i++) {
            Thread t = new Thread(this::loop, "culprit-worker-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Waits until the worker stops (it does when {@link #close} is called). */
    public void join() throws InterruptedException {
        for (Thread t : List.copyOf(threads)) {
            t.join();
        }
    }

    private void loop() {
        while (!stopping.get()) {
            Optional<ClaimedJob> job;
            try {
                job = claim();
            } catch (RuntimeException e) {
                say("cannot ask for work: " + e.getMessage());
                job = Optional.empty();
            }
            if (job.isPresent()) {
                runJob(job.get());
                continue;
            }
            try {
                Thread.sleep(config.poll().toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    Optional<ClaimedJob> claim() {
        ObjectNode b = JournalCodec.object().put("worker", config.name()).put("embedded", config.embedded());
        ApiClient.Response r = api.post("/api/worker/claim", b);
        if (r.status() == 204) {
            return Optional.empty();
        }
        if (r.status() != 200) {
            throw new InfraException("the server refused a claim (HTTP " + r.status() + "): " + r.body());
        }
        JsonNode n = r.json();
        return Optional.of(new ClaimedJob(n.path("id").asLong(), n.path("kind").asText(), n.path("spec"),
                n.path("leaseId").asText(), Duration.ofMillis(n.path("leaseMs").asLong())));
    }

    /**
     * The thread running a job, while it runs: a lost lease (cancelled, or taken over) interrupts it, so that its
     * builds and runs are stopped (their process trees killed) instead of going on for nobody.
     */
    private static final class Running {
        private final Thread thread = Thread.currentThread();
        private boolean over;
        private boolean stopped;

        /** Interrupts the job once: its cleanup must not be interrupted again by the next heartbeat. */
        synchronized void stop() {
            if (!over && !stopped) {
                stopped = true;
                thread.interrupt();
            }
        }

        /** No interrupt comes after this; one that came during the job is cleared. */
        synchronized void end() {
            over = true;
            Thread.interrupted();
        }
    }

    private void runJob(ClaimedJob job) {
        say("job " + job.id() + " (" + job.kind() + "): started");
        AtomicBoolean lost = new AtomicBoolean();
        Running running = new Running();
        long every = Math.max(100, job.lease().toMillis() / 3);
        ScheduledFuture<?> beat = heartbeats.scheduleAtFixedRate(() -> heartbeat(job, lost, running), every, every,
                TimeUnit.MILLISECONDS);
        String state;
        String result = null;
        String error = "";
        try {
            String journal = HttpStore.url(config.server(), config.tokenFile(), job.id(), job.leaseId());
            if (job.kind().equals("sim")) {
                try (Store store = HttpStore.open(journal, config.work())) {
                    result = SimJob.run(job, store);
                }
            } else {
                try (PrintWriter log = jobLog(job)) {
                    result = bisect.run(job, journal, config.work(), log);
                }
            }
            state = "done";
        } catch (Exception e) {
            state = "failed";
            error = e.getMessage() == null ? e.toString() : e.getMessage();
            if (!lost.get() && !(e instanceof InfraException || e instanceof dev.culprit.common.BadInputException)) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                say("job " + job.id() + ": " + trace);
            }
        } finally {
            beat.cancel(false);
            running.end();
        }
        if (lost.get()) {
            say("job " + job.id() + ": lease lost (taken over or cancelled): stopped, result dropped");
            return;
        }
        if (stopping.get()) {
            Thread.currentThread().interrupt(); // the worker is closing: the loop ends
        }
        ObjectNode b = JournalCodec.object().put("lease", job.leaseId()).put("state", state).put("error", error);
        b.put("result", result);
        try {
            ApiClient.Response r = api.post("/api/worker/jobs/" + job.id() + "/finish", b);
            say("job " + job.id() + ": " + state + (error.isEmpty() ? "" : ": " + error)
                    + (r.status() == 200 ? "" : " (server: HTTP " + r.status() + " " + r.body() + ")"));
        } catch (RuntimeException e) {
            say("job " + job.id() + ": cannot report the result: " + e.getMessage());
        }
    }

    private void heartbeat(ClaimedJob job, AtomicBoolean lost, Running running) {
        try {
            ApiClient.Response r = api.post("/api/worker/jobs/" + job.id() + "/heartbeat",
                    JournalCodec.object().put("lease", job.leaseId()));
            if (r.status() == 409) {
                lost.set(true);
                running.stop();
            }
        } catch (RuntimeException e) {
            // A missed beat is not fatal: the lease outlasts a few, and the journal's fencing guards the rest.
            say("job " + job.id() + ": heartbeat failed: " + e.getMessage());
        }
    }

    /** The job's log on the worker's side, next to its work: the journal has it too. */
    private PrintWriter jobLog(ClaimedJob job) throws IOException {
        Path dir = config.work().resolve("jobs");
        Files.createDirectories(dir);
        return new PrintWriter(Files.newBufferedWriter(dir.resolve(job.id() + ".log"), StandardCharsets.UTF_8), true);
    }

    private synchronized void say(String line) {
        out.println("worker " + config.name() + ": " + line);
        out.flush();
    }

    @Override
    public void close() {
        stopping.set(true);
        List<Thread> ts;
        synchronized (this) {
            ts = List.copyOf(threads);
        }
        ts.forEach(Thread::interrupt);
        heartbeats.shutdownNow();
    }
}
