package dev.culprit.run;

import dev.culprit.common.BadInputException;
import dev.culprit.common.InfraException;
import dev.culprit.common.ProcessResult;
import dev.culprit.common.ProcessSpec;
import dev.culprit.common.Processes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The initramfs every test machine boots: a static {@code /init} of our own that prints {@link #READY}, runs
 * {@code /repro} for a time limit, prints {@link #DONE} and reboots (with QEMU's {@code -no-reboot} that ends the
 * machine); the user's reproducer compiled statically once. Written as a newc cpio archive directly, so neither
 * cpio nor root (mknod) is needed; with a base image (the user's initramfs) our archive is appended to it, which
 * the kernel unpacks in order, ours last.
 */
public final class Initramfs {
    /** Printed by init when user space is up and the reproducer is about to start. */
    public static final String READY = "culprit: machine ready, starting the reproducer";
    /** Printed by init when the reproducer has finished (or was stopped at its time limit) without a crash. */
    public static final String DONE = "culprit: reproducer finished without a crash";

    /**
     * /init. Runs the reproducer in its own process group so that the whole group can be stopped at the limit,
     * prints a heartbeat so that a silent console means a hung kernel rather than a quiet reproducer, and reaps
     * every orphan as pid 1 must.
     */
    static final String INIT_SOURCE = """
            #include <signal.h>
            #include <stdio.h>
            #include <string.h>
            #include <sys/mount.h>
            #include <sys/reboot.h>
            #include <sys/stat.h>
            #include <sys/wait.h>
            #include <time.h>
            #include <unistd.h>

            static double now(void)
            {
            	struct timespec ts;
            	clock_gettime(CLOCK_MONOTONIC, &ts);
            	return ts.tv_sec + ts.tv_nsec / 1e9;
            }

            int main(void)
            {
            	setvbuf(stdout, NULL, _IONBF, 0);
            	mount("proc", "/proc", "proc", 0, NULL);
            	mount("sysfs", "/sys", "sysfs", 0, NULL);
            	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
            	mkdir("/tmp", 01777);
            	printf("\\n%s\\n", READY_MARKER);
            	pid_t pid = fork();
            	if (pid == 0) {
            		setpgid(0, 0);
            		chdir("/tmp");
            		execl("/repro", "/repro", (char *)NULL);
            		perror("culprit: cannot execute /repro");
            		_exit(127);
            	}
            	double start = now(), beat = start;
            	int status = 0, done = 0;
            	while (!done) {
            		pid_t w;
            		while ((w = waitpid(-1, &status, WNOHANG)) > 0)
            			if (w == pid)
            				done = 1;
            		if (done)
            			break;
            		if (now() - start >= REPRO_SECONDS) {
            			printf("culprit: reproducer time limit of %d s reached, stopping it\\n", REPRO_SECONDS);
            			kill(-pid, SIGKILL);
            			kill(pid, SIGKILL);
            			waitpid(pid, &status, 0);
            			break;
            		}
            		if (now() - beat >= 10) {
            			beat = now();
            			printf("culprit: reproducer running for %.0f s\\n", beat - start);
            		}
            		usleep(50000);
            	}
            	if (WIFEXITED(status))
            		printf("culprit: reproducer exited with status %d\\n", WEXITSTATUS(status));
            	else if (WIFSIGNALED(status))
            		printf("culprit: reproducer killed by signal %d\\n", WTERMSIG(status));
            	printf("%s\\n", DONE_MARKER);
            	sync();
            	reboot(RB_AUTOBOOT);
            	return 0;
            }
            """;

    private Initramfs() {
    }

    /**
     * Compiles init and the reproducer statically with the host's gcc and writes the archive to {@code out}.
     * A reproducer that does not compile is a one-line {@link BadInputException}.
     */
    public static Path create(Path reproSource, Duration reproLimit, Optional<Path> baseImage, Path workDir,
                              Processes processes) {
        if (!Files.isRegularFile(reproSource)) {
            throw new BadInputException("--repro " + reproSource + " does not exist: give the C reproducer");
        }
        if (baseImage.isPresent() && !Files.isRegularFile(baseImage.get())) {
            throw new BadInputException("--image " + baseImage.get() + " does not exist");
        }
        try {
            Files.createDirectories(workDir);
            Path initC = workDir.resolve("init.c");
            Files.writeString(initC, INIT_SOURCE, StandardCharsets.UTF_8);
            Path init = workDir.resolve("init");
            Path repro = workDir.resolve("repro");
            compile(initC, init, List.of("-DREPRO_SECONDS=" + Math.max(1, reproLimit.toSeconds()),
                    "-DREADY_MARKER=\"" + READY + "\"", "-DDONE_MARKER=\"" + DONE + "\""), processes, workDir, "init");
            compile(reproSource.toAbsolutePath(), repro, List.of(), processes, workDir, "--repro " + reproSource);
            Path out = workDir.resolve("initramfs.cpio");
            try (OutputStream o = Files.newOutputStream(out)) {
                if (baseImage.isPresent()) {
                    byte[] base = Files.readAllBytes(baseImage.get());
                    o.write(base);
                    // The kernel skips zero padding between archives; ours must start 4-byte aligned.
                    o.write(new byte[(512 - base.length % 512) % 512]);
                }
                o.write(archive(Files.readAllBytes(init), Files.readAllBytes(repro)));
            }
            return out;
        } catch (IOException e) {
            throw new InfraException("cannot write the initramfs in " + workDir + ": " + e.getMessage(), e);
        }
    }

    private static void compile(Path source, Path out, List<String> defines, Processes processes, Path dir,
                                String what) {
        List<String> argv = new java.util.ArrayList<>(List.of("gcc", "-O2", "-static", "-pthread", "-w"));
        argv.addAll(defines);
        argv.addAll(List.of("-o", out.toString(), source.toString()));
        ProcessResult r = processes.run(ProcessSpec.of(dir, Duration.ofMinutes(2), argv));
        if (!r.started()) {
            throw new BadInputException("compiling the reproducer needs gcc: apt-get install gcc libc6-dev");
        }
        if (!r.ok()) {
            String err = r.stderr().lines().filter(l -> l.contains("error") || l.contains("cannot find"))
                    .findFirst().orElse(r.failureSummary()).strip();
            if (err.contains("cannot find -lc")) {
                throw new BadInputException("static linking needs the C library archive: apt-get install libc6-dev");
            }
            throw new BadInputException(what + " does not compile with gcc -static: " + err);
        }
    }

    /** A newc archive with the directories, device nodes and the two programs. Fixed times: reproducible. */
    static byte[] archive(byte[] init, byte[] repro) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Cpio c = new Cpio(out);
        c.entry("dev", 0040755, 0, 0, new byte[0]);
        c.entry("dev/console", 0020600, 5, 1, new byte[0]);
        c.entry("dev/null", 0020666, 1, 3, new byte[0]);
        c.entry("proc", 0040755, 0, 0, new byte[0]);
        c.entry("sys", 0040755, 0, 0, new byte[0]);
        c.entry("tmp", 0041777, 0, 0, new byte[0]);
        c.entry("root", 0040700, 0, 0, new byte[0]);
        c.entry("init", 0100755, 0, 0, init);
        c.entry("repro", 0100755, 0, 0, repro);
        c.entry("TRAILER!!!", 0, 0, 0, new byte[0]);
        return out.toByteArray();
    }

    /** The "newc" cpio format: a 110-byte ASCII header, the name, the data, each padded to 4 bytes. */
    private static final class Cpio {
        private final ByteArrayOutputStream out;
        private int ino = 1;

        Cpio(ByteArrayOutputStream out) {
            this.out = out;
        }

        void entry(String name, int mode, int rdevMajor, int rdevMinor, byte[] data) {
            byte[] n = (name + "\0").getBytes(StandardCharsets.US_ASCII);
            boolean dir = (mode & 0170000) == 0040000;
            String header = "070701" + hex(name.equals("TRAILER!!!") ? 0 : ino++) + hex(mode) + hex(0) + hex(0)
                    + hex(dir ? 2 : 1) + hex(0) + hex(data.length) + hex(0) + hex(0) + hex(rdevMajor)
                    + hex(rdevMinor) + hex(n.length) + hex(0);
            out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(n);
            pad();
            out.writeBytes(data);
            pad();
        }

        private void pad() {
            while (out.size() % 4 != 0) {
                out.write(0);
            }
        }

        private static String hex(int v) {
            return String.format("%08x", v);
        }
    }
}
