package dev.culprit.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.culprit.cli.Main;
import dev.culprit.common.ProcessResult;
import dev.culprit.common.ProcessSpec;
import dev.culprit.common.Processes;
import dev.culprit.vcs.Git;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real kernel bisection: Debian's linux-source-6.1 with 32 generated commits (prepare-tree.sh), built with
 * gcc by {@code KernelBuilder}, booted in QEMU by {@code QemuRunner}, driven by the engine. Mid-range, commits
 * 12..17 crash with an unrelated WARNING the reproducer also hits; the culprit is commit 24. Slow (a cold kernel
 * build is minutes), so surefire leaves it out; {@code .ci/kernel-test.sh} runs it. Everything expensive is kept
 * under {@code CULPRIT_KERNEL_CACHE} (default /var/cache/culprit-kernel): the tree, the worktree's build
 * outputs, ccache, built images; a rerun is incremental.
 */
class KernelBisectIT {
    static final String TARGET = "WARNING in vfs_mkdir";
    static final int RUNS = 8;

    static Path cache() {
        return Path.of(System.getenv().getOrDefault("CULPRIT_KERNEL_CACHE", "/var/cache/culprit-kernel"));
    }

    static Path resource(String name) {
        try {
            return Path.of(KernelBisectIT.class.getResource("/kernel/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The generated history, made once per cache (about 2 min) and then only checked. */
    static void prepareTree(Processes processes) {
        ProcessResult r = processes.run(new ProcessSpec(List.of("bash", resource("prepare-tree.sh").toString(),
                cache().toString()), Path.of("."), Map.of(), Duration.ofMinutes(30), true, Optional.empty(),
                1 << 20));
        assertThat(r.ok()).as("prepare-tree.sh: " + r.stdout()).isTrue();
    }

    @Test
    void bisectsARealKernelPastAnUnrelatedWarning() throws IOException {
        Processes processes = new Processes();
        prepareTree(processes);
        Path cache = cache();
        Git git = Git.open(cache.resolve("linux"));
        // CULPRIT_KERNEL_GOOD=culprit-c18 starts past the unrelated crash (measure.sh's fair-speed run).
        String good = git.resolve(System.getenv().getOrDefault("CULPRIT_KERNEL_GOOD", "culprit-base"));
        String bad = git.resolve("culprit-tip");
        String answer = Files.readString(cache.resolve("ANSWER")).strip();
        Path work = cache.resolve("work").resolve("culprit");
        Path json = work.resolve("result.json");
        Path mailFile = work.resolve("mail.txt");
        StringWriter out = new StringWriter();
        PrintWriter both = new PrintWriter(new java.io.Writer() {
            @Override
            public void write(char[] buf, int off, int len) {
                out.write(buf, off, len);
                System.out.print(new String(buf, off, len));
            }

            @Override
            public void flush() {
                System.out.flush();
            }

            @Override
            public void close() {
            }
        }, true);
        long start = System.nanoTime();
        // The real command line, as a user types it (--fresh: a rerun on a warm cache must bisect, not replay).
        CommandLine cl = Main.commandLine();
        cl.setOut(both);
        cl.setErr(both);
        // CULPRIT_KERNEL_NO_VERIFY=1: no verification, like for like with git bisect (measure.sh's third argument).
        boolean verify = System.getenv("CULPRIT_KERNEL_NO_VERIFY") == null;
        List<String> args = new java.util.ArrayList<>(List.of("bisect", "--kernel", "--repo", git.root().toString(),
                "--bad", bad, "--good", good,
                "--kernel-config", resource("kernel.config").toString(), "--repro", resource("repro.c").toString(),
                "--vms", "2", "--runs", Integer.toString(RUNS), "--ccache", "--ccache-dir",
                cache.resolve("ccache").toString(), "--repro-time", "30s", "--accel",
                System.getenv().getOrDefault("CULPRIT_KERNEL_ACCEL", "auto"), "--work", work.toString(), "--fresh",
                "--json", json.toString(), "--mail", mailFile.toString()));
        if (!verify) {
            args.add("--no-verify");
        }
        int exit = cl.execute(args.toArray(String[]::new));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String text = out.toString();
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        System.out.println("KernelBisectIT: bisection wall time " + took.toSeconds() + " s, builds "
                + result.get("builds").asInt() + ", runs " + result.get("runs").asInt());

        assertThat(exit).as(text).isZero();
        assertThat(result.get("verdict").asText()).isEqualTo("found");
        assertThat(result.get("culprits").get(0).get("hash").asText()).as(text).isEqualTo(answer);
        assertThat(result.get("targetTitle").asText()).isEqualTo(TARGET);
        assertThat(result.get("flags").toString()).as("a clean, binary-changing, verified commit")
                .contains(verify ? "verified" : "").doesNotContain("noop-change", "confused-by-other-crash", "merge", "release",
                        "refuted");
        assertThat(result.get("confidence").asDouble()).isGreaterThanOrEqualTo(0.95);
        assertThat(text).contains("testing commit " + bad + " with gcc")
                .contains("kernel signature: ")
                // The documentation commit and the 15 comment-only edits (odd positions, see prepare-tree.sh) cannot
                // change vmlinux: pruned, never built.
                .contains(System.getenv("CULPRIT_KERNEL_GOOD") == null
                        ? "pruned 16 of 32 commits that cannot change the binary" : "commits that cannot change the binary")
                .contains(answer + " is the first bad commit")
                .contains("recipients (to): ").contains("\"viro@zeniv.linux.org.uk\"");

        // Recipients and the mail, from the real MAINTAINERS of the tree.
        assertThat(text).contains("\"dana@culprit.example\"", "\"rey@review.example\"", "\"ack@ack.example\"",
                "\"linux-fsdevel@vger.kernel.org\"");
        String mail = Files.readString(mailFile, StandardCharsets.UTF_8);
        assertThat(mail).contains("Fixes: " + answer.substring(0, 12)).contains("Subject: [culprit] " + TARGET)
                .contains("viro@zeniv.linux.org.uk");
        System.out.println("KernelBisectIT: mail written to " + mailFile);
    }
}
