package dev.culprit.run;

import dev.culprit.common.ProcessResult;
import dev.culprit.common.ProcessSpec;
import dev.culprit.common.Processes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds source locations to the stack frames of a kernel console, as syzbot's reports show them: each frame
 * {@code func+0xOFF/0xSIZE} gets {@code file:line}, preceded by one {@code func file:line [inline]} line per
 * function inlined at that point. Uses binutils' nm (symbol addresses) and addr2line (debug info) on vmlinux;
 * a kernel without debug info is returned unchanged.
 */
public final class QemuSymbolizer {
    /** "[    0.98] RIP: 0010:vfs_mkdir+0x69/0xa7" or "[    0.98]  ? do_mkdirat+0x81/0xc1". */
    private static final Pattern FRAME = Pattern.compile(
            "^(?<prefix>(?:\\[[ \\d.]+\\] ?)?(?:RIP: [0-9a-f]{4}:|\\s+(?:\\? )?))(?<func>[A-Za-z_][\\w.]*)"
                    + "\\+0x(?<off>[0-9a-f]+)/0x[0-9a-f]+(?<rest>.*)$");
    private static final Pattern NM = Pattern.compile("^([0-9a-f]+) [TtWw] (\\S+)$");

    private final Path vmlinux;
    private final String sourcePrefix;
    private final Processes processes;
    private final Map<String, Long> symbols;

    private QemuSymbolizer(Path vmlinux, String sourcePrefix, Processes processes, Map<String, Long> symbols) {
        this.vmlinux = vmlinux;
        this.sourcePrefix = sourcePrefix;
        this.processes = processes;
        this.symbols = symbols;
    }

    /**
     * A symbolizer for this vmlinux, or empty when it has no debug info (or binutils are missing).
     *
     * @param sourceRoot the directory the kernel was built in; cut from file names
     */
    public static Optional<QemuSymbolizer> of(Path vmlinux, Optional<String> sourceRoot, Processes processes) {
        ProcessResult sections = processes.run(ProcessSpec.of(Path.of("."), Duration.ofMinutes(1),
                List.of("readelf", "-S", "-W", vmlinux.toString())));
        if (!sections.ok() || !sections.stdout().contains(".debug_info")) {
            return Optional.empty();
        }
        ProcessResult nm = processes.run(ProcessSpec.of(Path.of("."), Duration.ofMinutes(2),
                List.of("nm", vmlinux.toString())));
        if (!nm.ok()) {
            return Optional.empty();
        }
        Map<String, Long> symbols = new HashMap<>();
        for (String line : nm.stdout().split("\n")) {
            Matcher m = NM.matcher(line);
            if (m.matches()) {
                symbols.putIfAbsent(m.group(2), Long.parseUnsignedLong(m.group(1), 16));
            }
        }
        String prefix = sourceRoot.map(r -> r.endsWith("/") ? r : r + "/").orElse("");
        return Optional.of(new QemuSymbolizer(vmlinux, prefix, processes, symbols));
    }

    /**
     * The console with frames symbolized; lines that are not frames, or not found, stay as they are. A serial
     * console ends its lines with CR LF: the CR is kept, after the added location.
     */
    public String symbolize(String console) {
        String[] lines = console.split("\n", -1);
        boolean[] cr = new boolean[lines.length];
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].endsWith("\r")) {
                cr[i] = true;
                lines[i] = lines[i].substring(0, lines[i].length() - 1);
            }
        }
        Map<Integer, Long> pcs = new LinkedHashMap<>();
        for (int i = 0; i < lines.length; i++) {
            Matcher m = FRAME.matcher(lines[i]);
            if (m.matches() && symbols.containsKey(m.group("func"))) {
                long pc = symbols.get(m.group("func")) + Long.parseLong(m.group("off"), 16);
                // A call-trace frame holds a return address: the call is the instruction before it.
                pcs.put(i, m.group("prefix").contains("RIP:") ? pc : pc - 1);
            }
        }
        if (pcs.isEmpty()) {
            return console;
        }
        Map<Long, List<String[]>> where = addr2line(pcs.values().stream().distinct().toList());
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            Long pc = pcs.get(i);
            List<String[]> chain = pc == null ? null : where.get(pc);
            if (chain == null || chain.isEmpty()) {
                out.append(lines[i]);
            } else {
                // The inline lines end as the console's lines do.
                String eol = cr[i] ? "\r\n" : "\n";
                Matcher m = FRAME.matcher(lines[i]);
                m.matches();
                String indent = m.group("prefix").contains("RIP:") ? m.group("prefix").replaceAll("RIP: .*", " ")
                        : m.group("prefix");
                for (int k = 0; k < chain.size() - 1; k++) {
                    out.append(indent).append(chain.get(k)[0]).append(' ').append(chain.get(k)[1])
                            .append(" [inline]").append(eol);
                }
                out.append(lines[i].stripTrailing()).append(' ').append(chain.get(chain.size() - 1)[1]);
            }
            if (cr[i]) {
                out.append('\r');
            }
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** addr2line -a -f -i: per address, its inline chain innermost first as (function, file:line). */
    private Map<Long, List<String[]>> addr2line(List<Long> addresses) {
        List<String> argv = new ArrayList<>(List.of("addr2line", "-a", "-f", "-i", "-e", vmlinux.toString()));
        addresses.forEach(a -> argv.add("0x" + Long.toHexString(a)));
        ProcessResult r = processes.run(ProcessSpec.of(Path.of("."), Duration.ofMinutes(2), argv));
        Map<Long, List<String[]>> out = new HashMap<>();
        if (!r.ok()) {
            return out;
        }
        List<String[]> current = null;
        String function = null;
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith("0x") && function == null) {
                current = new ArrayList<>();
                out.put(Long.parseUnsignedLong(line.substring(2), 16), current);
            } else if (current != null && function == null) {
                function = line.strip();
            } else if (current != null) {
                String loc = line.strip().replaceFirst(" \\(discriminator \\d+\\)$", "");
                if (!loc.startsWith("??")) {
                    current.add(new String[]{function, loc.startsWith(sourcePrefix) && !sourcePrefix.isEmpty()
                            ? loc.substring(sourcePrefix.length()) : loc});
                }
                function = null;
            }
        }
        return out;
    }
}
