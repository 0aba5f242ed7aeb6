package dev.culprit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code culprit bench ...}: the benchmarks behind the figures in README. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark and print its figures.",
        subcommands = {BenchStrategiesCommand.class, BenchReportCommand.class, BenchDagCommand.class,
                BenchServerCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
