package dev.culprit.build;

import dev.culprit.common.InfraException;
import dev.culprit.common.ProcessResult;
import dev.culprit.common.ProcessSpec;
import dev.culprit.common.Processes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Builds a commit with the user's build command ({@code sh -c CMD}, exactly as given) in a checkout of it;
 * the named artifacts make the build signature.
 */
public final class CommandBuilder implements Builder {
    private static final Pattern ROOT_CAUSE = Pattern.compile(
            "(?i)(: error: |: fatal error: |undefined reference to|No rule to make target|error: ld returned|"
                    + "command not found|No such file or directory)");

    private final Checkout checkout;
    private final String command;
    private final List<String> artifacts;
    private final Duration timeout;
    private final Path logDir;
    private final Processes processes;
    private final Predicate<String> trackedByTheBuild;
    private String toolchain;

    public CommandBuilder(Checkout checkout, String command, List<String> artifacts, Duration timeout, Path logDir,
                          Processes processes) {
        this(checkout, command, artifacts, timeout, logDir, processes, path -> false);
    }

    /**
     * {@code trackedByTheBuild}: whether the build's own dependency files (a compiler's {@code -MD} output) name a
     * path, so that the build tool rebuilds what includes it when it changes.
     */
    public CommandBuilder(Checkout checkout, String command, List<String> artifacts, Duration timeout, Path logDir,
                          Processes processes, Predicate<String> trackedByTheBuild) {
        this.trackedByTheBuild = trackedByTheBuild;
        this.checkout = checkout;
        this.command = command;
        this.artifacts = List.copyOf(artifacts);
        this.timeout = timeout;
        this.logDir = logDir;
        this.processes = processes;
    }

    @Override
    public synchronized String toolchainId(String commit) {
        if (toolchain == null) {
            ProcessResult r = processes.run(ProcessSpec.of(Path.of("."), Duration.ofSeconds(30),
                    List.of("cc", "--version")));
            toolchain = r.ok() ? r.stdout().strip().lines().findFirst().orElse("cc") : "sh";
        }
        return toolchain;
    }

    @Override
    public BuildResult build(String commit) {
        long start = System.nanoTime();
        Set<String> changing = checkout.differingFrom(commit);
        Path dir = checkout.checkout(commit);
        cleanIfTheToolMayNotSee(changing);
        return buildIn(dir, commit, logDir.resolve(commit + ".log"), start);
    }

    @Override
    public BuildResult buildWith(String base, Change change) {
        long start = System.nanoTime();
        // What moving to the base changes, and what the change then changes on top of it.
        Set<String> changing = new HashSet<>(checkout.differingFrom(base));
        Path dir = checkout.checkoutWith(base, change);
        changing.addAll(checkout.differingFrom(base));
        cleanIfTheToolMayNotSee(changing);
        String tree = change.treeId(base);
        return buildIn(dir, tree, logDir.resolve(tree + ".log"), start);
    }

    /**
     * Builds stay incremental (outputs are kept between commits) except across a change the build tool may not see:
     * to how the project is built (an object compiled under the old makefile's flags would look up to date under the
     * new one), or to a header no dependency file of the build names (make rebuilds an object when its .c file
     * changes, not its headers, unless told). Else a bisection would test a program no commit describes.
     */
    private void cleanIfTheToolMayNotSee(Set<String> changed) {
        if (changed.stream().anyMatch(p -> BuildDefinitions.defines(p)
                || BuildDefinitions.header(p) && !trackedByTheBuild.test(p))) {
            checkout.clean();
        }
    }

    private BuildResult buildIn(Path dir, String commit, Path log, long start) {
        ProcessResult r = processes.run(new ProcessSpec(List.of("sh", "-c", command), dir,
                Map.of("CULPRIT_COMMIT", commit, "CULPRIT_WORKTREE", dir.toString()), timeout, true,
                Optional.of(log), ProcessSpec.DEFAULT_MAX_CAPTURE));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (!r.started()) {
            throw new InfraException("cannot run the build: " + r.startError());
        }
        if (r.timedOut()) {
            return new BuildResult(commit, false, Optional.empty(), took,
                    "build timed out after " + timeout.toSeconds() + "s", Optional.of(log));
        }
        if (r.exitCode() != 0) {
            return new BuildResult(commit, false, Optional.empty(), took, rootCause(r.stdout(), r.exitCode()),
                    Optional.of(log));
        }
        if (artifacts.isEmpty()) {
            return new BuildResult(commit, true, Optional.empty(), took, "", Optional.of(log));
        }
        MessageDigest digest = sha256();
        for (String a : artifacts) {
            Path file = dir.resolve(a);
            if (!Files.isRegularFile(file)) {
                return new BuildResult(commit, false, Optional.empty(), took,
                        "the build did not produce the artifact " + a, Optional.of(log));
            }
            digest.update((a + "\0").getBytes(StandardCharsets.UTF_8));
            byte[] content = read(file);
            if (!ElfSections.isElf(content) || !ElfSections.digestLoaded(content, digest)) {
                digest.update(content);
            }
        }
        return new BuildResult(commit, true, Optional.of(HexFormat.of().formatHex(digest.digest())), took, "",
                Optional.of(log));
    }

    /** The lines that explain a failed build, else its last lines. */
    static String rootCause(String output, int exit) {
        List<String> lines = output.lines().toList();
        List<String> causes = lines.stream().filter(l -> ROOT_CAUSE.matcher(l).find()).limit(10).toList();
        if (!causes.isEmpty()) {
            return String.join("\n", causes);
        }
        List<String> tail = lines.subList(Math.max(0, lines.size() - 5), lines.size());
        return tail.isEmpty() ? "exit status " + exit : String.join("\n", tail);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InfraException("cannot read the artifact " + file + ": " + e.getMessage(), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
