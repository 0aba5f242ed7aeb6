package dev.culprit.cli;

import dev.culprit.report.Report;
import dev.culprit.report.Reports;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code culprit bench report}: parsing speed on one core over a large console log built from the report
 * corpus interleaved with ordinary boot/test noise lines.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Parse a large console log (the report corpus plus noise) and print MB/s on one core.")
public final class BenchReportCommand implements Callable<Integer> {
    @CommandLine.Option(names = "--corpus", description = "directory of console logs (default: ${DEFAULT-VALUE})",
            defaultValue = "../shared/corpus/linux-reports")
    Path corpus;

    @CommandLine.Option(names = "--mb", description = "size of the log to parse, in MB (default: ${DEFAULT-VALUE})",
            defaultValue = "64")
    int megabytes;

    @CommandLine.Option(names = "--rounds", description = "timed rounds after one warm-up (default: ${DEFAULT-VALUE})",
            defaultValue = "3")
    int rounds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private static final String[] NOISE = {
        "[  123.456789][ T1234] audit: type=1400 audit(1600000000.123:45): avc:  denied  { read } for  pid=1234",
        "[  123.456790][ T1234] IPv6: ADDRCONF(NETDEV_CHANGE): veth0: link becomes ready",
        "[  123.456791][    C1] hrtimer: interrupt took 12345 ns",
        "executing program",
        "syzkaller login: [  124.000001][ T5678] device bridge_slave_0 entered promiscuous mode",
        "[  124.000002][ T5678] EXT4-fs (loop0): mounted filesystem without journal. Opts: ,errors=continue",
        "2024/01/01 12:00:00 executed programs: 1234",
        "[  124.000003][ T5678] usb 1-1: new high-speed USB device number 2 using dummy_hcd",
    };

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        String log = build();
        long bytes = log.getBytes(StandardCharsets.UTF_8).length;
        int found = Reports.parse(log).size(); // warm-up
        // CPU time of this thread is the one-core figure; wall time is shown too (it includes waiting for a CPU
        // on a busy machine, and the collector's threads).
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double best = 0;
        double bestWall = 0;
        for (int r = 0; r < Math.max(1, rounds); r++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            List<Report> reports = Reports.parse(log);
            long t1 = System.nanoTime();
            long c1 = threads.getCurrentThreadCpuTime();
            found = reports.size();
            double wall = bytes / 1e6 / ((t1 - t0) / 1e9);
            double cpu = bytes / 1e6 / (Math.max(1, c1 - c0) / 1e9);
            best = Math.max(best, cpu);
            bestWall = Math.max(bestWall, wall);
            out.printf("round %d: %.1f MB, cpu %.3f s = %.1f MB/s, wall %.3f s = %.1f MB/s (%d reports)%n", r + 1,
                    bytes / 1e6, (c1 - c0) / 1e9, cpu, (t1 - t0) / 1e9, wall, found);
        }
        out.printf("report parse: %.1f MB/s on one core (cpu time; wall %.1f MB/s), best of %d, %.1f MB log, "
                + "%d reports%n", best, bestWall, Math.max(1, rounds), bytes / 1e6, found);
        out.flush();
        return 0;
    }

    private String build() throws IOException {
        StringBuilder corpusText = new StringBuilder();
        if (Files.isDirectory(corpus)) {
            try (Stream<Path> files = Files.list(corpus)) {
                for (Path p : files.sorted().toList()) {
                    String t = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
                    int body = t.indexOf("\n\n");
                    corpusText.append(body >= 0 ? t.substring(body + 2) : t).append('\n');
                }
            }
        }
        if (corpusText.length() == 0) {
            corpusText.append("BUG: KASAN: use-after-free in f+0x1/0x2\nCall Trace:\n f+0x1/0x2\n g+0x1/0x2\n");
        }
        String[] lines = corpusText.toString().split("\n");
        StringBuilder sb = new StringBuilder(megabytes * 1_000_000 + 4096);
        SplittableRandom rnd = new SplittableRandom(1);
        int i = 0;
        while (sb.length() < megabytes * 1_000_000L) {
            // Mostly noise, as a real console is: a report every few thousand lines.
            if (rnd.nextInt(10) < 7) {
                sb.append(NOISE[rnd.nextInt(NOISE.length)]).append('\n');
            } else {
                sb.append(lines[i % lines.length]).append('\n');
                i++;
            }
        }
        return sb.toString();
    }
}
