package dev.culprit.cli;

import dev.culprit.common.BadInputException;
import dev.culprit.common.InfraException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code culprit} command. */
@Command(name = "culprit", mixinStandardHelpOptions = true, version = "culprit 0.1.0",
        description = "Finds the commit that introduced (or fixed) a crash: flake-aware, sure of itself, fast.",
        subcommands = {BisectCommand.class, VerifyCommand.class, DemoCommand.class, BenchCommand.class, SimCommand.class, ReportCommand.class,
                ListCommand.class, ShowCommand.class, LogCommand.class,
                ServeCommand.class, WorkerCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit codes: 0 a single culprit, 1 no single culprit, 2 bad usage or input, 3 infrastructure failure. */
    public static final int EXIT_FOUND = 0;
    public static final int EXIT_NOT_FOUND = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_INFRA = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by main() and tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::handle);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("culprit: " + ex.getMessage() + " (see '" + ex.getCommandLine().getCommandName()
                    + " --help')");
            return EXIT_USAGE;
        });
        return cl;
    }

    private static int handle(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (ex instanceof BadInputException) {
            err.println("culprit: " + ex.getMessage());
            return EXIT_USAGE;
        }
        if (ex instanceof InfraException) {
            err.println("culprit: infrastructure failure: " + ex.getMessage());
            return EXIT_INFRA;
        }
        err.println("culprit: internal error: " + ex);
        ex.printStackTrace(err);
        return EXIT_INFRA;
    }
}
