package dev.culprit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code culprit verify}: the verification phase alone, for a culprit found elsewhere. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check a culprit found elsewhere (by syzbot, by hand): it crashes with the crash of --bad, "
                + "its parents do not, and reverting it on --bad cures the crash (with --fix: the mirror image).",
                "Exit status: 0 confirmed, 1 refuted or not confirmed, 2 bad usage or input, 3 infrastructure failure."})
final class VerifyCommand implements Callable<Integer> {
    @Option(names = "--commit", required = true, paramLabel = "HASH", order = -1,
            description = "The commit to check (a cause, or with --fix a fix).")
    String commit;

    @CommandLine.Mixin
    BisectOptions options = new BisectOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return new BisectSession(options, spec.commandLine().getOut(), spec.commandLine().getErr(), commit).run();
    }
}
