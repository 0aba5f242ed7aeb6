package dev.culprit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code culprit bisect}. */
@Command(name = "bisect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Find the commit that introduced a crash (or, with --fix, the one that fixed it).",
                "Exit status: 0 a single culprit found, 1 none (inconclusive, crashes-on-oldest, not-reproduced),",
                "2 bad usage or input, 3 infrastructure failure."})
final class BisectCommand implements Callable<Integer> {
    @CommandLine.Mixin
    BisectOptions options = new BisectOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return new BisectSession(options, spec.commandLine().getOut(), spec.commandLine().getErr()).run();
    }
}
