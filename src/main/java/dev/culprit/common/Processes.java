package dev.culprit.common;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs external commands with a time limit, capturing their output and killing the whole process
 * tree on time-out. Stateless: safe to share between threads.
 */
public final class Processes {
    /** Environment variables that choose git's repository, work tree or index (see git(1), ENVIRONMENT). */
    static final java.util.Set<String> GIT_LOCATION = java.util.Set.of("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
            "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE",
            "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM", "GIT_PREFIX");

    public ProcessResult run(ProcessSpec spec) {
        ProcessBuilder pb = new ProcessBuilder(spec.argv()).directory(spec.dir().toFile());
        // Variables that point git at a repository, inherited when culprit runs from a git hook or alias, would
        // send every git call (ours and those of the user's build and test) to that repository instead of the one
        // the command works on. A command that needs one sets it in extraEnv.
        pb.environment().keySet().removeAll(GIT_LOCATION);
        pb.environment().putAll(spec.extraEnv());
        pb.redirectErrorStream(spec.mergeStderr());
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        long start = System.nanoTime();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            return new ProcessResult(-1, false, "cannot start " + spec.argv().get(0) + ": " + rootMessage(e), "", "",
                    false, Duration.ofNanos(System.nanoTime() - start));
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the child may already be gone; its stdin is of no interest
        }
        OutputStream log = openLog(spec);
        TailBuffer out = new TailBuffer(spec.maxCapture());
        TailBuffer err = new TailBuffer(spec.maxCapture());
        Thread outPump = pump(process.getInputStream(), out, log);
        Thread errPump = spec.mergeStderr() ? null : pump(process.getErrorStream(), err, log);
        boolean timedOut = false;
        try {
            if (!process.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                killTree(process.toHandle());
                process.waitFor();
            }
            // Pumps end when every holder of the pipe is gone; a grandchild that escaped the kill could
            // keep it open, so do not wait for them forever.
            outPump.join(5000);
            if (errPump != null) {
                errPump.join(5000);
            }
        } catch (InterruptedException e) {
            killTree(process.toHandle());
            Thread.currentThread().interrupt();
            timedOut = true;
        } finally {
            closeQuietly(log);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // On Linux a child killed by signal N exits with 128+N here, as a shell reports it.
        int exit = timedOut ? -1 : process.exitValue();
        return new ProcessResult(exit, timedOut, null, out.text(), err.text(), out.truncated() || err.truncated(), took);
    }

    /** Kills the process and every descendant, children first so that none is re-parented and missed. */
    public static void killTree(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        root.descendants().forEach(all::add);
        root.destroyForcibly();
        for (ProcessHandle h : all) {
            h.destroyForcibly();
        }
        // Grandchildren started between the snapshot and the kill: look once more.
        root.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    private static OutputStream openLog(ProcessSpec spec) {
        if (spec.logFile().isEmpty()) {
            return null;
        }
        try {
            Files.createDirectories(spec.logFile().get().toAbsolutePath().getParent());
            return Files.newOutputStream(spec.logFile().get(), StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            return null;
        }
    }

    private static Thread pump(InputStream in, TailBuffer sink, OutputStream log) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[65536];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    sink.write(buf, n);
                    if (log != null) {
                        synchronized (log) {
                            log.write(buf, 0, n);
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process was killed; what arrived is kept
            }
        }, "proc-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void closeQuietly(OutputStream s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing more can be done for a log file that cannot be closed
        }
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage();
    }

    /** Keeps the last {@code max} bytes written. */
    private static final class TailBuffer {
        private final int max;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean truncated;

        TailBuffer(int max) {
            this.max = max;
        }

        synchronized void write(byte[] b, int n) {
            bytes.write(b, 0, n);
            // In long arithmetic: twice a capture limit near 1 GiB overflows an int.
            if (bytes.size() > 2L * max) {
                byte[] all = bytes.toByteArray();
                bytes.reset();
                bytes.write(all, all.length - max, max);
                truncated = true;
            }
        }

        synchronized String text() {
            byte[] all = bytes.toByteArray();
            if (all.length > max) {
                truncated = true;
                return new String(all, all.length - max, max, StandardCharsets.UTF_8);
            }
            return new String(all, StandardCharsets.UTF_8);
        }

        synchronized boolean truncated() {
            return truncated;
        }
    }
}
