package dev.culprit.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command and subcommand has a --help that renders cleanly (picocli warns on stderr when it cannot). */
class HelpTest {
    private static void collect(CommandLine cl, List<CommandLine> out) {
        out.add(cl);
        cl.getSubcommands().values().forEach(sub -> collect(sub, out));
    }

    @Test
    void everyCommandsHelpRendersWithoutAWarning() {
        List<CommandLine> all = new ArrayList<>();
        collect(Main.commandLine(), all);
        assertThat(all.size()).as("culprit and its subcommands").isGreaterThan(10);
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (CommandLine cl : all) {
                String usage = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
                assertThat(usage).as(cl.getCommandName()).contains("Usage: ").contains("--help");
                assertThat(cl.getCommandSpec().usageMessage().description()).as(cl.getCommandName()).isNotEmpty();
            }
        } finally {
            System.setErr(stderr);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
