package dev.culprit.build;

import dev.culprit.common.BadInputException;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds a Linux kernel at a commit: the config copied in with the reproducibility settings appended,
 * {@code make olddefconfig bzImage} with a fixed build identity, the signature taken over vmlinux's loaded
 * sections, and bzImage + vmlinux kept by signature outside the worktree.
 *
 * <p>Reproducible: two builds of the same source give the same vmlinux, so commits that only touch comments or
 * documentation get their parent's signature and the engine reuses its runs. That needs every input that
 * differs from build to build pinned: the timestamp, user, host and build number baked into the version banner;
 * the local version (setlocalversion appends "+" for an untagged tree unless LOCALVERSION is set); and the
 * configs that pull in randomness or the tree's git state (LOCALVERSION_AUTO, DEBUG_INFO_BTF). The randstruct
 * seed is generated once per worktree and kept with its other build outputs, so it is the same for every commit.
 */
public final class KernelBuilder implements Builder {
    /** Appended to the user's config; Kconfig lets a later line override an earlier one. */
    static final String REPRODUCIBLE_CONFIG = """

            # culprit: settings that would make two builds of one commit differ
            # CONFIG_LOCALVERSION_AUTO is not set
            # CONFIG_DEBUG_INFO_BTF is not set
            """;
    static final Map<String, String> REPRODUCIBLE_ENV = Map.of(
            "KBUILD_BUILD_TIMESTAMP", "Mon Jan  1 00:00:00 UTC 2024",
            "KBUILD_BUILD_USER", "culprit",
            "KBUILD_BUILD_HOST", "culprit",
            "KBUILD_BUILD_VERSION", "1",
            "LOCALVERSION", "-culprit",
            // Messages in one language, so that the error summary matches its patterns.
            "LC_ALL", "C");

    private final Checkout checkout;
    private final KernelBuildSpec spec;
    private final Processes processes;
    private final String configText;
    private final Map<String, String> versionLines = new ConcurrentHashMap<>();

    public KernelBuilder(Checkout checkout, KernelBuildSpec spec, Processes processes) {
        this.checkout = checkout;
        this.spec = spec;
        this.processes = processes;
        try {
            this.configText = Files.readString(spec.config(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot read --kernel-config " + spec.config() + ": " + e.getMessage());
        }
        if (!configText.contains("CONFIG_")) {
            throw new BadInputException("--kernel-config " + spec.config() + " has no CONFIG_ lines: give a kernel"
                    + " .config file");
        }
    }

    /** Checks the host tools before anything is built; a one-line error names what to install. */
    public void checkTools() {
        List<String> compilers = new ArrayList<>();
        compilers.add(spec.compilers().defaultCompiler());
        spec.compilers().entries().forEach(e -> compilers.add(e.compiler()));
        KernelTools.check(compilers.stream().distinct().toList(), spec.ccache());
    }

    /** The log says "kernel signature:" for kernels, as syzbot's does ("build signature:" for command builds). */
    @Override
    public String signatureLabel() {
        return "kernel";
    }

    @Override
    public String toolchainId(String commit) {
        String compiler = spec.compilers().compilerFor(KernelVersion.atCommit(processes, spec.repo(), commit));
        return versionLines.computeIfAbsent(compiler, this::versionLine);
    }

    /** The first line of {@code COMPILER --version}: "gcc (Debian 12.2.0-14) 12.2.0", as syzbot logs it. */
    private String versionLine(String compiler) {
        ProcessResult r = processes.run(ProcessSpec.of(Path.of("."), Duration.ofSeconds(30),
                List.of(compiler, "--version")));
        if (!r.ok()) {
            throw new BadInputException("the compiler '" + compiler + "' does not run (" + r.failureSummary()
                    + "): apt-get install " + KernelTools.compilerPackage(compiler) + " or fix --compiler");
        }
        return r.stdout().strip().lines().findFirst().orElse(compiler);
    }

    @Override
    public BuildResult build(String commit) {
        long start = System.nanoTime();
        return buildIn(checkout.checkout(commit), commit, start);
    }

    /** Verification's trees (the start with the culprit reverted, or a fix applied) build like any commit. */
    @Override
    public BuildResult buildWith(String base, Change change) {
        long start = System.nanoTime();
        return buildIn(checkout.checkoutWith(base, change), change.treeId(base), start);
    }

    private BuildResult buildIn(Path tree, String commit, long start) {
        String compiler = spec.compilers().compilerFor(KernelVersion.fromMakefile(read(tree.resolve("Makefile"))));
        String config = configText + REPRODUCIBLE_CONFIG + "# culprit: CC=" + compiler + "\n";
        Path log = spec.logDir().resolve(commit + ".log");
        List<String> argv = new ArrayList<>(List.of("make", "-j" + spec.jobs(),
                "CC=" + (spec.ccache() ? "ccache " + compiler : compiler), "LOCALVERSION=-culprit"));
        // The same config as last time in this tree, and .config as that build left it: leave .config alone.
        // Rewriting it would make kbuild resynchronise its config and cost seconds per commit; a commit that
        // changes Kconfig files is still handled, by kbuild's own silent syncconfig (new symbols get their
        // defaults, as olddefconfig gives). A .config someone else wrote into the tree is replaced.
        Path dotConfig = tree.resolve(".config");
        Path input = tree.resolve(".config.culprit-input");
        Path built = tree.resolve(".config.culprit-built");
        String current = readOrEmpty(dotConfig);
        if (current.isEmpty() || !config.equals(readOrEmpty(input)) || !current.equals(readOrEmpty(built))) {
            write(dotConfig, config);
            argv.add("olddefconfig");
        }
        argv.add("bzImage");
        if (config.lines().anyMatch(l -> l.equals("CONFIG_MODULES=y"))) {
            argv.add("modules");
        }
        Map<String, String> env = new LinkedHashMap<>(REPRODUCIBLE_ENV);
        spec.ccacheDir().ifPresent(d -> env.put("CCACHE_DIR", d.toAbsolutePath().toString()));
        ProcessResult r = processes.run(new ProcessSpec(argv, tree, env, spec.timeout(), true, Optional.of(log),
                ProcessSpec.DEFAULT_MAX_CAPTURE));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (!r.started()) {
            throw new InfraException("cannot run make: " + r.startError() + " (apt-get install make)");
        }
        if (r.timedOut()) {
            return failed(commit, took, "build timed out after " + spec.timeout().toSeconds() + "s", log);
        }
        if (r.exitCode() != 0) {
            return failed(commit, took, KernelBuildErrors.summarize(r.stdout(), tree.toString() + "/"), log);
        }
        write(input, config);
        write(built, readOrEmpty(dotConfig));
        Path vmlinux = tree.resolve("vmlinux");
        Path bzImage = tree.resolve("arch/x86/boot/bzImage");
        if (!Files.isRegularFile(vmlinux) || !Files.isRegularFile(bzImage)) {
            return failed(commit, took, "make succeeded but left no vmlinux and arch/x86/boot/bzImage", log);
        }
        Optional<String> signature = signature(vmlinux);
        if (signature.isEmpty()) {
            return failed(commit, took, "vmlinux is not a readable ELF file", log);
        }
        spec.images().store(signature.get(), bzImage, vmlinux, tree);
        return new BuildResult(commit, true, signature, Duration.ofNanos(System.nanoTime() - start), "",
                Optional.of(log));
    }

    /** SHA-256 over vmlinux's loaded sections: what the machine runs, not its symbols or debug info. */
    static Optional<String> signature(Path vmlinux) {
        byte[] content;
        try {
            content = Files.readAllBytes(vmlinux);
        } catch (IOException e) {
            throw new InfraException("cannot read " + vmlinux + ": " + e.getMessage(), e);
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        if (!ElfSections.isElf(content) || !ElfSections.digestLoaded(content, digest)) {
            return Optional.empty();
        }
        return Optional.of(HexFormat.of().formatHex(digest.digest()));
    }

    private static BuildResult failed(String commit, Duration took, String summary, Path log) {
        return new BuildResult(commit, false, Optional.empty(), took, summary, Optional.of(log));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            // Not a kernel tree at this commit: the default compiler, and make will say what is wrong.
            return "";
        }
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InfraException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
