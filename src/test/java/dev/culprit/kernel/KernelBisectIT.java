package dev.culprit.kernel;

import dev.culprit.bisect.BayesStrategy;
import dev.culprit.bisect.BisectConfig;
import dev.culprit.bisect.BisectLog;
import dev.culprit.bisect.BisectResult;
import dev.culprit.bisect.Bisection;
import dev.culprit.bisect.Mode;
import dev.culprit.bisect.Outcome;
import dev.culprit.cli.KernelOptions;
import dev.culprit.cli.MailReport;
import dev.culprit.common.ProcessResult;
import dev.culprit.common.ProcessSpec;
import dev.culprit.common.Processes;
import dev.culprit.vcs.CommitInfo;
import dev.culprit.vcs.Git;
import dev.culprit.vcs.Maintainers;
import dev.culprit.vcs.Worktree;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        BisectLog log = text -> {
            lines.add(text);
            System.out.println(text);
        };
        long start = System.nanoTime();
        BisectResult result;
        try (Worktree worktree = Worktree.acquire(git, cache.resolve("work").resolve("worktree"))) {
            KernelOptions options = CommandLine.populateCommand(new KernelOptions(), "--kernel",
                    "--kernel-config", resource("kernel.config").toString(), "--repro", resource("repro.c").toString(),
                    "--vms", "2", "--ccache", "--ccache-dir", cache.resolve("ccache").toString(),
                    "--repro-time", "30s", "--accel",
                    System.getenv().getOrDefault("CULPRIT_KERNEL_ACCEL", "auto"));
            KernelOptions.Parts parts = options.create(git.root(), worktree::checkout, work, Duration.ofMinutes(60),
                    Duration.ofMinutes(5), processes);
            BisectConfig config = new BisectConfig(Mode.CAUSE, bad, List.of(good), null, Optional.empty(),
                    parts.vms(), 0);
            result = new Bisection(config, new KernelGitHistory(git), parts.builder(), parts.runner(),
                    new BayesStrategy(RUNS, 0.95), log, System::nanoTime).run();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String text = String.join("\n", lines);
        System.out.println("KernelBisectIT: bisection wall time " + took.toSeconds() + " s, builds "
                + result.builds() + ", runs " + result.runs());

        assertThat(result.outcome()).as(text).isEqualTo(Outcome.FOUND);
        assertThat(result.culprits().get(0).hash()).as(text).isEqualTo(answer);
        assertThat(result.targetTitle()).isEqualTo(TARGET);
        assertThat(result.flags()).as("no flag: the culprit is a clean, binary-changing commit").isEmpty();
        assertThat(result.confidence()).isGreaterThanOrEqualTo(0.95);
        assertThat(text).contains("testing commit " + bad + " with gcc")
                .contains("signature: ")
                .contains(answer + " is the first bad commit");

        // Recipients and the mail, from the real MAINTAINERS of the tree.
        CommitInfo culprit = git.info(answer);
        Maintainers.Recipients recipients = Maintainers.at(git, answer).recipients(culprit,
                git.changedFiles(answer), Optional.empty());
        System.out.println("recipients (to): " + Maintainers.Recipients.format(recipients.to()));
        System.out.println("recipients (cc): " + Maintainers.Recipients.format(recipients.cc()));
        assertThat(recipients.to()).contains("dana@culprit.example", "rey@review.example", "ack@ack.example",
                "viro@zeniv.linux.org.uk");
        assertThat(recipients.cc()).contains("linux-fsdevel@vger.kernel.org");
        String mail = MailReport.render(result, new MailReport.Input(git.describeCulprit(answer), recipients, text,
                Files.readString(resource("kernel.config"), StandardCharsets.UTF_8)));
        Path mailFile = work.resolve("mail.txt");
        Files.writeString(mailFile, mail);
        assertThat(mail).contains("Fixes: " + answer.substring(0, 12)).contains("Subject: [culprit] " + TARGET);
        System.out.println("KernelBisectIT: mail written to " + mailFile);
    }
}
