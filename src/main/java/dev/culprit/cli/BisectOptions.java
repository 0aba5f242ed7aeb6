package dev.culprit.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The options of {@code culprit bisect}; {@code culprit demo} fills them itself. */
final class BisectOptions {
    @Option(names = "--repo", required = true, paramLabel = "DIR", description = "The git repository.")
    Path repo;

    @Option(names = "--bad", required = true, paramLabel = "REV",
            description = "Where the crash reproduces (the starting commit).")
    String bad;

    @Option(names = "--good", paramLabel = "REV",
            description = "A commit without the crash (repeatable). Without it: walk the release tags.")
    List<String> goods = new ArrayList<>();

    @Option(names = "--fix", description = "Find the commit that fixed the crash instead.")
    boolean fix;

    @Option(names = "--head", paramLabel = "REV",
            description = "With --fix: the newest commit to look at (default: the repository's HEAD).")
    String head;

    @Option(names = "--build", paramLabel = "CMD",
            description = "Build command, run with sh -c in a checkout of each commit; exit != 0 = untestable.")
    String build;

    @Option(names = "--artifact", paramLabel = "PATH",
            description = "Built file whose content is the build signature (repeatable; ELF: loaded sections).")
    List<String> artifacts = new ArrayList<>();

    @Option(names = "--test", paramLabel = "CMD",
            description = "Test command, run with sh -c in the checkout; 0 = OK, 125 = cannot test, "
                    + "a crash report or another status = crashed.")
    String test;

    @picocli.CommandLine.Mixin
    KernelOptions kernel = new KernelOptions();

    @Option(names = "--runs", defaultValue = "10", paramLabel = "N",
            description = "Runs per commit (bayes: at most, per visit). Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--jobs", paramLabel = "J", description = "Runs at once. Default: the number of cores.")
    Integer jobs;

    @Option(names = "--lanes", defaultValue = "1", paramLabel = "K",
            description = "Commits tested at once, each built in a worktree of its own (their runs share --jobs). "
                    + "Default: ${DEFAULT-VALUE}.")
    int lanes;

    @Option(names = "--run-timeout", defaultValue = "10m", paramLabel = "DUR",
            description = "Time limit of one run. Default: ${DEFAULT-VALUE}.")
    String runTimeout;

    @Option(names = "--build-timeout", defaultValue = "1h", paramLabel = "DUR",
            description = "Time limit of one build. Default: ${DEFAULT-VALUE}.")
    String buildTimeout;

    @Option(names = "--title", paramLabel = "TITLE",
            description = "The crash to chase, its title as culprit prints it (culprit report FILE shows the title"
                    + " of a saved crash; syzbot's numbering suffix ' (2)' may stay). Default: the most frequent crash"
                    + " on the starting commit.")
    String title;

    @Option(names = "--strategy", defaultValue = "bayes", paramLabel = "NAME",
            description = "bayes (flake-aware, default) or classic (syzbot's rules).")
    String strategy;

    @Option(names = "--confidence", defaultValue = "0.95", paramLabel = "P",
            description = "bayes: stop when one commit holds this probability. Default: ${DEFAULT-VALUE}.")
    double confidence;

    @Option(names = "--max-builds", defaultValue = "0", paramLabel = "M",
            description = "Stop after this many builds (0: no limit).")
    int maxBuilds;

    @Option(names = "--no-verify",
            description = "Name the culprit without checking it first (that it crashes, its parents do not, and "
                    + "its revert on the starting commit cures the crash).")
    boolean noVerify;

    @Option(names = "--no-prune",
            description = "Build and test every commit, even those whose changes touch no file the build depends "
                    + "on (by default they are pruned once a build's dependency files show which files matter).")
    boolean noPrune;

    @Option(names = "--no-build-ahead",
            description = "With --kernel: build only the commit being tested (by default, while a commit's runs "
                    + "take longer than a build, the commits most likely tested next are built meanwhile).")
    boolean noBuildAhead;

    @Option(names = "--deps-from", paramLabel = "GLOB",
            description = "Files (glob relative to the checkout) listing what the build depends on, in make's "
                    + "dependency syntax or one path per line; besides the gcc -MD .d and kbuild .cmd files found "
                    + "in the build tree (repeatable).")
    List<String> depsFrom = new ArrayList<>();

    @Option(names = "--release-pattern", defaultValue = "v*", paramLabel = "GLOB",
            description = "Release tags for the release walk. Default: ${DEFAULT-VALUE}.")
    String releasePattern;

    @Option(names = "--work", defaultValue = ".culprit", paramLabel = "DIR",
            description = "Work directory (worktrees, logs). Default: ${DEFAULT-VALUE} in the current directory.")
    Path work;

    @Option(names = "--db", paramLabel = "URL",
            description = "The journal: a SQLite file or postgresql://user:pw@host:port/db. "
                    + "Default: culprit.db in the work directory.")
    String db;

    @Option(names = "--fresh",
            description = "Start anew: do not resume this bisection and reuse nothing from other bisections.")
    boolean fresh;

    @Option(names = "--cache-size", defaultValue = "10G", paramLabel = "SIZE",
            description = "Keep built artifacts (per signature) up to this size, least recently used out first. "
                    + "Default: ${DEFAULT-VALUE}.")
    String cacheSize;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the result as JSON (atomically).")
    Path json;

    @Option(names = "--mail", paramLabel = "FILE",
            description = "When a culprit is found, write a mail-ready report (recipients, culprit, crash, Fixes: tag, "
                    + "log, kernel config) to FILE.")
    Path mail;

    @Option(names = "--log", paramLabel = "FILE", description = "Also write the log to this file.")
    Path log;
}
