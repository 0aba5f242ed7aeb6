package dev.culprit.cli;

import dev.culprit.bisect.BayesStrategy;
import dev.culprit.bisect.BisectConfig;
import dev.culprit.bisect.BisectLog;
import dev.culprit.bisect.BisectResult;
import dev.culprit.bisect.Bisection;
import dev.culprit.bisect.ClassicStrategy;
import dev.culprit.bisect.Mode;
import dev.culprit.bisect.PruningByPaths;
import dev.culprit.bisect.Outcome;
import dev.culprit.bisect.Strategy;
import dev.culprit.build.Builder;
import dev.culprit.build.KernelImages;
import dev.culprit.build.CSource;
import dev.culprit.build.CommandBuilder;
import dev.culprit.build.DependencySet;
import dev.culprit.build.DependencySetBuilder;
import dev.culprit.journal.ArtifactCache;
import dev.culprit.journal.ArtifactsBySignature;
import dev.culprit.journal.JournalSession;
import dev.culprit.journal.JournalSpec;
import dev.culprit.run.Runner;
import dev.culprit.store.Store;
import dev.culprit.store.Stores;
import dev.culprit.common.AtomicFiles;
import dev.culprit.common.BadInputException;
import dev.culprit.common.Durations;
import dev.culprit.common.InfraException;
import dev.culprit.common.Processes;
import dev.culprit.run.ProcessRunner;
import dev.culprit.vcs.Git;
import dev.culprit.vcs.Maintainers;
import dev.culprit.vcs.Worktree;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** One {@code culprit bisect} invocation: checks the input, wires the parts, runs, writes the results. */
final class BisectSession {
    private final BisectOptions o;
    private final PrintWriter out;
    private final PrintWriter err;

    /** Most worktrees one bisection builds in at once. */
    private static final int MAX_LANES = 8;

    /** The commit {@code culprit verify} checks; null for a bisection. */
    private final String verifyCommit;

    BisectSession(BisectOptions options, PrintWriter out, PrintWriter err) {
        this(options, out, err, null);
    }

    BisectSession(BisectOptions options, PrintWriter out, PrintWriter err, String verifyCommit) {
        this.o = options;
        this.out = out;
        this.err = err;
        this.verifyCommit = verifyCommit;
    }

    int run() {
        checkOptions();
        Git git = Git.open(o.repo);
        String bad = git.resolve(o.bad);
        String checked = verifyCommit == null ? null : git.resolve(verifyCommit);
        List<String> goods = new ArrayList<>();
        for (String g : o.goods) {
            goods.add(git.resolve(g));
        }
        Mode mode = o.fix ? Mode.FIX : Mode.CAUSE;
        String head = null;
        if (mode == Mode.CAUSE) {
            for (int i = 0; i < goods.size(); i++) {
                if (goods.get(i).equals(bad)) {
                    throw new BadInputException("--bad and --good name the same commit " + bad
                            + ": give a good commit older than the bad one");
                }
                if (!git.isAncestor(goods.get(i), bad)) {
                    throw new BadInputException("--good " + o.goods.get(i) + " is not an ancestor of --bad " + o.bad
                            + ": give a good commit that the bad one descends from");
                }
            }
        } else {
            if (!goods.isEmpty()) {
                throw new BadInputException("--good does not apply to --fix: give --bad (crashing) and --head");
            }
            head = git.resolve(o.head == null ? "HEAD" : o.head);
            if (head.equals(bad)) {
                throw new BadInputException("--head and --bad name the same commit " + bad
                        + ": give a head newer than the crashing commit");
            }
            if (!git.isAncestor(bad, head)) {
                throw new BadInputException("--bad " + o.bad + " is not an ancestor of --head "
                        + (o.head == null ? "HEAD" : o.head) + ": the fix is searched between them");
            }
        }
        GitHistory history = new GitHistory(git, o.releasePattern);
        if (checked != null) {
            checkVerified(git, mode, checked, bad, head);
        } else if (mode == Mode.CAUSE && goods.isEmpty() && history.releasesBefore(bad).isEmpty()) {
            throw new BadInputException("no --good given and no tag matching '" + o.releasePattern
                    + "' is an ancestor of " + o.bad + ": pass --good REV or --release-pattern GLOB");
        }
        Path work = prepareWorkDir(o.work);
        Duration runTimeout = Durations.parse(o.runTimeout);
        Duration buildTimeout = Durations.parse(o.buildTimeout);
        int jobs = o.jobs != null ? o.jobs : o.kernel.enabled() ? o.kernel.vms()
                : Runtime.getRuntime().availableProcessors();
        Strategy strategy = strategy();

        long cacheBytes = ArtifactCache.parseSize(o.cacheSize);
        JournalSpec spec = journalSpec(git, mode, bad, goods, head, checked, jobs, runTimeout, buildTimeout);
        List<Worktree> worktrees = new ArrayList<>();
        try (LogSink sink = new LogSink(out, err, o.log);
             Store store = Stores.open(o.db, work);
             JournalSession journal = JournalSession.start(store, spec, o.fresh, sink)) {
            Processes processes = new Processes();
            Path logs = work.resolve("logs");
            ArtifactCache cache = new ArtifactCache(store, work.resolve("cache"), cacheBytes);
            List<Bisection.Lane> lanes = new ArrayList<>();
            DependencySet.Tracker deps = new DependencySet.Tracker(
                    new DependencySet.Spec(o.depsFrom, java.util.stream.Stream.of(o.build, o.test)
                            .filter(java.util.Objects::nonNull).toList(), List.of()));
            for (int i = 0; i < o.lanes; i++) {
                // Each lane builds and runs in a worktree of its own; the journal and the cache are shared.
                Worktree worktree = acquireWorktree(git, work);
                worktrees.add(worktree);
                WorktreeCheckout checkout = new WorktreeCheckout(worktree);
                Builder command;
                Runner real;
                Optional<ArtifactsBySignature> bySignature = Optional.empty();
                if (o.kernel.enabled()) {
                    KernelOptions.Parts k = o.kernel.create(git.root(), checkout, work, buildTimeout, runTimeout,
                            processes);
                    command = k.builder();
                    real = k.runner();
                    // Kernel images are kept by signature outside the worktree: those are what the cache keeps and
                    // what another machine fetches to resume the job. (Their source-root note is not needed to boot,
                    // and images stored by older versions lack it.)
                    KernelImages images = k.runner().spec().images();
                    bySignature = Optional.of(new ArtifactsBySignature(images::dir, List.of("bzImage", "vmlinux")));
                } else {
                    command = new CommandBuilder(checkout, o.build, o.artifacts, buildTimeout,
                            logs.resolve("build"), processes,
                            path -> deps.current().map(d -> d.files().contains(path)).orElse(false));
                    real = new ProcessRunner(o.test, worktree.dir(), runTimeout, logs.resolve("runs"), processes);
                }
                // Under the journal: only a real build leaves dependency files in the worktree.
                if (!o.noPrune) {
                    command = new DependencySetBuilder(command, worktree.dir(), worktree.dir(), deps);
                }
                Builder builder = journal.builder(command, checkout, worktree.dir(), o.artifacts, Optional.of(cache),
                        bySignature);
                // A kernel run boots the image kept by signature, so the worktree is free for the next build
                // while it runs; a command's test runs in the worktree and needs it as built.
                lanes.add(new Bisection.Lane(builder, journal.runner(real), o.kernel.enabled() && !o.noBuildAhead));
            }
            BisectConfig config = new BisectConfig(mode, bad, goods, head, Optional.ofNullable(o.title), jobs,
                    o.maxBuilds, !o.noVerify, o.confidence);
            Bisection bisection = new Bisection(config, history, lanes, strategy, journal.log(), System::nanoTime);
            if (!o.noPrune) {
                bisection.pruner(new PruningByPaths(git::changedFilesInRange, deps::current, sameCCode(git)));
            }
            BisectResult result = checked == null ? bisection.run() : bisection.verifyOnly(checked);
            String json = ResultJson.render(result);
            journal.finish(json);
            if (o.json != null) {
                AtomicFiles.write(o.json, json);
            }
            if (o.mail != null && result.outcome() == Outcome.FOUND) {
                writeMail(history, result, sink.text.toString());
            }
            return result.outcome() == Outcome.FOUND ? Main.EXIT_FOUND : Main.EXIT_NOT_FOUND;
        } finally {
            worktrees.forEach(Worktree::close);
        }
    }

    /**
     * What identifies this bisection in the journal: everything that changes a build, a run or a decision. The
     * same spec in the same journal resumes; a different one starts anew (reusing builds and runs that match).
     */
    private JournalSpec journalSpec(Git git, Mode mode, String bad, List<String> goods, String head, String checked,
                                    int jobs, Duration runTimeout, Duration buildTimeout) {
        String root = git.root().toAbsolutePath().toString();
        Map<String, String> parameters = new TreeMap<>();
        parameters.put("command", checked == null ? "bisect" : "verify " + checked);
        parameters.put("mode", mode.name());
        parameters.put("bad", bad);
        parameters.put("goods", String.join(",", goods));
        parameters.put("head", head == null ? "" : head);
        parameters.put("title", o.title == null ? "" : o.title);
        parameters.put("runs", Integer.toString(o.runs));
        parameters.put("jobs", Integer.toString(jobs)); // the runs per wave shape the decisions
        parameters.put("lanes", Integer.toString(o.lanes));
        parameters.put("strategy", o.strategy);
        parameters.put("confidence", Double.toString(o.confidence));
        parameters.put("maxBuilds", Integer.toString(o.maxBuilds));
        parameters.put("releasePattern", o.releasePattern);
        parameters.put("verify", Boolean.toString(!o.noVerify));
        String summary = (checked != null ? "verify " + checked + " against " : mode == Mode.CAUSE ? "cause from "
                : "fix since ") + bad + " in " + root;
        if (o.kernel.enabled()) {
            // A kernel build is defined by the config's content and the compiler; a run by the reproducer's.
            return new JournalSpec(root, "kernel", o.kernel.buildIdentity() + "\nbuild-timeout=" + buildTimeout,
                    o.kernel.testIdentity() + "\nrun-timeout=" + runTimeout, summary, parameters);
        }
        return new JournalSpec(root, o.build, "artifacts=" + o.artifacts + "\nbuild-timeout=" + buildTimeout,
                "test=" + o.test + "\nrun-timeout=" + runTimeout, summary, parameters);
    }

    /** The mail-ready report: recipients, the culprit, the crash, a Fixes: tag, the log and the kernel config. */
    private void writeMail(GitHistory history, BisectResult result, String logText) {
        String culprit = result.culprits().get(0).hash();
        // As the log's recipients lines: the maintainers of the crash's guilty file too.
        Optional<String> guiltyFile = dev.culprit.report.Reports.parseSavedOutput(result.crashReport()).stream()
                .findFirst()
                .flatMap(dev.culprit.report.Report::guiltyFrame).map(dev.culprit.report.Frame::file)
                .filter(f -> !f.isEmpty());
        Maintainers.Recipients recipients = history.recipients(culprit, guiltyFile);
        String config = "";
        if (o.kernel.enabled()) {
            try {
                config = Files.readString(o.kernel.configFile(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new BadInputException("cannot read --kernel-config: " + e.getMessage());
            }
        }
        AtomicFiles.write(o.mail, MailReport.render(result,
                new MailReport.Input(history.describe(culprit), recipients, logText, config)));
    }

    /** The commit to verify must sit where the mode says: a cause before the crash, a fix after it. */
    private static void checkVerified(Git git, Mode mode, String commit, String bad, String head) {
        if (mode == Mode.CAUSE && !git.isAncestor(commit, bad)) {
            throw new BadInputException("--commit " + commit + " is not an ancestor of --bad " + bad
                    + ": a culprit must be in the crashing commit's history");
        }
        if (mode == Mode.FIX && (commit.equals(bad) || !git.isAncestor(bad, commit))) {
            throw new BadInputException("--commit " + commit + " does not descend from --bad " + bad
                    + ": a fix must come after the crashing commit");
        }
    }

    /**
     * A commit's change to a C source that edits only comments and leaves every token at its line and column is its
     * parent's code. Headers are left out: a kernel built with CONFIG_IKHEADERS carries their text verbatim.
     */
    static PruningByPaths.SameCode sameCCode(Git git) {
        return (commit, path) -> path.endsWith(".c") && git.textBeforeAndAfter(commit, path)
                .map(t -> CSource.sameCode(t.get(0), t.get(1))).orElse(false);
    }

    private void checkOptions() {
        if (o.runs <= 0) {
            throw new BadInputException("--runs must be at least 1, got " + o.runs);
        }
        if (o.jobs != null && o.jobs <= 0) {
            throw new BadInputException("--jobs must be at least 1, got " + o.jobs);
        }
        if (o.lanes < 1 || o.lanes > MAX_LANES) {
            throw new BadInputException("--lanes must be between 1 and " + MAX_LANES + ", got " + o.lanes);
        }
        if (o.maxBuilds < 0) {
            throw new BadInputException("--max-builds must not be negative, got " + o.maxBuilds);
        }
        if (!(o.confidence > 0.5 && o.confidence < 1)) {
            throw new BadInputException("--confidence must be between 0.5 and 1 (exclusive), got " + o.confidence);
        }
        if (!o.strategy.equals("bayes") && !o.strategy.equals("classic")) {
            throw new BadInputException("unknown --strategy '" + o.strategy + "': use bayes or classic");
        }
        if (o.head != null && !o.fix) {
            throw new BadInputException("--head only applies to --fix");
        }
        // The result files are written at the end: a path that cannot take them should fail now, not then.
        if (o.json != null) {
            AtomicFiles.checkWritable(o.json, "--json");
        }
        if (o.mail != null) {
            AtomicFiles.checkWritable(o.mail, "--mail");
        }
        o.kernel.check();
        if (o.kernel.enabled()) {
            if (o.build != null || o.test != null || !o.artifacts.isEmpty()) {
                throw new BadInputException("--kernel builds and tests by itself: drop --build, --test and --artifact");
            }
        } else {
            checkCommands();
        }
        Durations.parse(o.runTimeout);
        Durations.parse(o.buildTimeout);
        ArtifactCache.parseSize(o.cacheSize);
    }

    private void checkCommands() {
        if (o.build == null || o.test == null) {
            throw new BadInputException("missing " + (o.build == null ? "--build" : "--test")
                    + ": give the build and test commands (or --kernel with --kernel-config and --repro)");
        }
        if (o.build.isBlank()) {
            throw new BadInputException("--build is empty: give the command that builds a checkout");
        }
        if (o.test.isBlank()) {
            throw new BadInputException("--test is empty: give the command that runs the reproducer");
        }
    }

    private Strategy strategy() {
        return o.strategy.equals("classic") ? new ClassicStrategy(o.runs) : new BayesStrategy(o.runs, o.confidence);
    }

    private static Path prepareWorkDir(Path work) {
        Path dir = work.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            // A work directory inside the user's repository must not show up in their `git status`.
            Path ignore = dir.resolve(".gitignore");
            if (!Files.exists(ignore)) {
                Files.writeString(ignore, "*\n");
            }
            Path probe = Files.createTempFile(dir, ".probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new BadInputException("--work " + work + " is not writable (" + e.getMessage()
                    + "): pass --work DIR with a writable directory");
        }
        return dir;
    }

    /** A worktree of our own under the work directory; another culprit process may hold the first one. */
    private static Worktree acquireWorktree(Git git, Path work) {
        String base = git.root().getFileName() + "-"
                + Integer.toHexString(git.root().toAbsolutePath().normalize().toString().hashCode());
        InfraException last = null;
        for (int i = 0; i < 8; i++) {
            Path dir = work.resolve("worktrees").resolve(i == 0 ? base : base + "-" + (i + 1));
            try {
                return Worktree.acquire(git, dir);
            } catch (InfraException e) {
                last = e;
            }
        }
        throw last;
    }

    /** The log: stdout, the --log file, and a status line on a terminal. */
    private static final class LogSink implements BisectLog, AutoCloseable {
        private final PrintWriter out;
        private final PrintWriter err;
        private final BufferedWriter file;
        private final boolean terminal = System.console() != null;
        /** The whole log, for the mail report. */
        private final StringBuilder text = new StringBuilder();
        private boolean statusShown;

        LogSink(PrintWriter out, PrintWriter err, Path logFile) {
            this.out = out;
            this.err = err;
            try {
                if (logFile != null) {
                    Path abs = logFile.toAbsolutePath();
                    Files.createDirectories(abs.getParent());
                    file = Files.newBufferedWriter(abs, StandardCharsets.UTF_8);
                } else {
                    file = null;
                }
            } catch (IOException e) {
                throw new BadInputException("cannot write --log " + logFile + ": " + e.getMessage());
            }
        }

        @Override
        public synchronized void line(String text) {
            clearStatus();
            this.text.append(text).append('\n');
            out.println(text);
            out.flush();
            if (file != null) {
                try {
                    file.write(text);
                    file.newLine();
                    file.flush();
                } catch (IOException e) {
                    throw new InfraException("cannot write the log file: " + e.getMessage(), e);
                }
            }
        }

        @Override
        public synchronized void status(String text) {
            if (!terminal) {
                return;
            }
            err.print("\r\033[K" + text);
            err.flush();
            statusShown = true;
        }

        private void clearStatus() {
            if (statusShown) {
                err.print("\r\033[K");
                err.flush();
                statusShown = false;
            }
        }

        @Override
        public synchronized void close() {
            clearStatus();
            if (file != null) {
                try {
                    file.close();
                } catch (IOException e) {
                    throw new InfraException("cannot close the log file: " + e.getMessage(), e);
                }
            }
        }
    }
}
