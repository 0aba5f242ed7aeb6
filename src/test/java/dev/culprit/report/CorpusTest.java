package dev.culprit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Scores the parser on the shared corpus of real kernel console logs (header block with the expected TITLE,
 * ALT, CORRUPTED; blank line; raw console text). Prints the score and every miss.
 */
class CorpusTest {
    static final Path CORPUS = Path.of(System.getProperty("culprit.corpus",
            "/work/shared/corpus/linux-reports"));

    /** One corpus file: its expectations and its console text. */
    record Case(String name, String title, List<String> alts, boolean corrupted, String type, String text) {
        static Case read(Path p) throws IOException {
            String all = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
            String title = "";
            List<String> alts = new ArrayList<>();
            boolean corrupted = false;
            String type = "";
            int pos = 0;
            while (pos < all.length()) {
                int nl = all.indexOf('\n', pos);
                if (nl < 0) {
                    nl = all.length();
                }
                String line = all.substring(pos, nl);
                pos = nl + 1;
                if (line.isEmpty()) {
                    break;
                }
                if (line.startsWith("TITLE: ")) {
                    title = line.substring(7);
                } else if (line.startsWith("ALT: ")) {
                    alts.add(line.substring(5));
                } else if (line.startsWith("TYPE: ")) {
                    type = line.substring(6);
                } else if (line.startsWith("CORRUPTED: ")) {
                    corrupted = line.substring(11).startsWith("Y");
                }
            }
            if (type.isEmpty() && !title.isEmpty()) {
                type = Category.UNKNOWN;
            }
            return new Case(p.getFileName().toString(), title, alts, corrupted, type,
                    pos < all.length() ? all.substring(pos) : "");
        }
    }

    static List<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(CORPUS)) {
            for (Path p : files.sorted().toList()) {
                out.add(Case.read(p));
            }
        }
        return out;
    }

    @Test
    void scoresTheCorpus() throws IOException {
        if (!Files.isDirectory(CORPUS)) {
            return;
        }
        int total = 0;
        int titles = 0;
        int alts = 0;
        int corrupted = 0;
        int types = 0;
        List<String> misses = new ArrayList<>();
        for (Case k : cases()) {
            total++;
            List<Report> reports = Reports.parse(k.text());
            String got = reports.isEmpty() ? "" : reports.get(0).title();
            if (got.equals(k.title())) {
                titles++;
            } else {
                misses.add(k.name() + ": want [" + k.title() + "] got [" + got + "]");
            }
            List<String> gotAlts = reports.isEmpty() ? List.of() : reports.get(0).altTitles();
            if (new TreeSet<>(gotAlts).equals(new TreeSet<>(k.alts()))) {
                alts++;
            } else if (got.equals(k.title())) {
                misses.add(k.name() + ": alts want " + k.alts() + " got " + gotAlts);
            }
            boolean gotCorrupted = !reports.isEmpty() && reports.get(0).corrupted();
            if (gotCorrupted == k.corrupted()) {
                corrupted++;
            } else if (got.equals(k.title())) {
                misses.add(k.name() + ": corrupted want " + k.corrupted() + " got " + gotCorrupted
                        + (reports.isEmpty() ? "" : " (" + reports.get(0).corruptedReason() + ")"));
            }
            String gotType = reports.isEmpty() ? "" : reports.get(0).category();
            if (gotType.equals(k.type())) {
                types++;
            } else if (got.equals(k.title())) {
                misses.add(k.name() + ": type want " + k.type() + " got " + gotType);
            }
        }
        misses.forEach(m -> System.out.println("MISS " + m));
        System.out.printf("corpus score: titles %d/%d (%.1f%%), alt titles %d/%d (%.1f%%), corrupted %d/%d (%.1f%%), type %d/%d (%.1f%%)%n",
                titles, total, 100.0 * titles / total, alts, total, 100.0 * alts / total, corrupted, total,
                100.0 * corrupted / total, types, total, 100.0 * types / total);
        assertThat(100.0 * titles / total).as("exact titles").isGreaterThanOrEqualTo(
                Double.parseDouble(System.getProperty("culprit.corpus.min", "99.7")));
    }
}
