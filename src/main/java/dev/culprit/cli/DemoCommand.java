package dev.culprit.cli;

import dev.culprit.common.FileTrees;
import dev.culprit.common.InfraException;
import dev.culprit.common.ProcessResult;
import dev.culprit.common.ProcessSpec;
import dev.culprit.common.Processes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code culprit demo}: a real bisection of a generated sample history. Needs only git and a C compiler. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Create a sample C repository (about 150 commits: merges, a broken build range, comment-only "
                + "commits, an unrelated crash for a while, and a use-after-free that crashes in ~40%% of runs) "
                + "and bisect it for real. Try --strategy classic to see syzbot's rules blame the wrong commit.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--strategy", defaultValue = "bayes", description = "bayes (default) or classic.")
    String strategy;

    @Option(names = "--work", defaultValue = ".culprit", paramLabel = "DIR",
            description = "Work directory; the sample repository goes to DIR/demo/sample. Default: ${DEFAULT-VALUE}.")
    Path work;

    @Option(names = "--runs", defaultValue = "10", paramLabel = "N", description = "Runs per commit.")
    int runs;

    @Option(names = "--jobs", paramLabel = "J", description = "Runs at once. Default: the number of cores.")
    Integer jobs;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the result as JSON.")
    Path json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Processes processes = new Processes();
        Path repo = work.toAbsolutePath().normalize().resolve("demo").resolve("sample");
        recreate(repo, processes);
        out.println("demo: sample repository at " + repo);
        String culprit = findBySubject(repo, processes, DemoRepository.CULPRIT_SUBJECT);
        String unrelated = findBySubject(repo, processes, DemoRepository.UNRELATED_SUBJECT);

        // The options go through the same parser as `culprit bisect`, so every default is the command's own.
        List<String> args = new java.util.ArrayList<>(List.of("--repo", repo.toString(), "--bad", "main",
                "--build", DemoRepository.BUILD_COMMAND, "--artifact", DemoRepository.ARTIFACT,
                "--test", DemoRepository.TEST_COMMAND, "--runs", Integer.toString(runs), "--run-timeout", "1m",
                "--build-timeout", "5m", "--strategy", strategy,
                "--work", work.toAbsolutePath().normalize().resolve("demo").resolve("work").toString(),
                // The sample is made anew each time: a real bisection, not a replay from the journal.
                "--fresh"));
        if (jobs != null) {
            args.addAll(List.of("--jobs", jobs.toString()));
        }
        if (json != null) {
            args.addAll(List.of("--json", json.toString()));
        }
        BisectOptions o = CommandLine.populateCommand(new BisectOptions(), args.toArray(String[]::new));
        out.println("demo: culprit bisect --repo " + repo + " --bad main --build '" + o.build + "' --artifact "
                + DemoRepository.ARTIFACT + " --test " + o.test + " --strategy " + strategy);
        out.println();
        int status = new BisectSession(o, out, spec.commandLine().getErr()).run();
        out.println();
        out.println("demo: the commit that really introduced the use-after-free is " + culprit);
        out.println("demo: the unrelated crash (fires first, in every run, for a while) came with " + unrelated);
        return status;
    }

    /** A fresh sample repository; an existing one is removed only if the demo made it. */
    private static void recreate(Path repo, Processes processes) {
        if (Files.exists(repo)) {
            if (!Files.exists(repo.resolve(".git").resolve("culprit-demo.fi"))) {
                throw new dev.culprit.common.BadInputException(repo + " exists and was not made by the demo: "
                        + "pass --work DIR to put the demo elsewhere");
            }
            deleteTree(repo);
        }
        new DemoRepository(processes).create(repo);
    }

    private static void deleteTree(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            throw new InfraException("cannot remove the old demo repository " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String findBySubject(Path repo, Processes processes, String subject) {
        ProcessResult r = processes.run(ProcessSpec.of(repo, Duration.ofSeconds(30),
                List.of("git", "rev-list", "--fixed-strings", "--grep", subject, "main")));
        String hash = r.stdout().strip().lines().findFirst().orElse("");
        if (!r.ok() || hash.isEmpty()) {
            throw new InfraException("cannot find the demo commit '" + subject + "'");
        }
        return hash;
    }
}
