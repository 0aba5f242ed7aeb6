package dev.culprit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random and mutated corpus inputs: the parser never throws and never makes a report without a title. */
class FuzzProperties {
    private static List<String> corpus;

    private static synchronized List<String> corpus() {
        if (corpus == null) {
            try {
                corpus = java.nio.file.Files.isDirectory(CorpusTest.CORPUS)
                        ? CorpusTest.cases().stream().map(CorpusTest.Case::text).toList()
                        : List.of("BUG: KASAN: use-after-free in f+0x1/0x2\nCall Trace:\n f+0x1/0x2\n");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return corpus;
    }

    private static void check(String text) {
        for (Report r : Reports.parse(text)) {
            assertThat(r.title()).isNotBlank();
            assertThat(r.start()).isBetween(0, r.end());
            assertThat(r.end()).isLessThanOrEqualTo(text.length());
            r.sameBug(r);
        }
    }

    @Property(tries = 300)
    void randomText(@ForAll("consoleish") String text) {
        check(text);
    }

    @Provide
    Arbitrary<String> consoleish() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of("BUG: ", "WARNING: ", "INFO: task ", "Call Trace:\n", " ? ", "+0x", "/0x", "[<",
                        ">] ", "RIP: 0010:", "\n", "[  12.345678]", "[ T123]", " in ", "KASAN: ", "Read of size ",
                        "general protection fault", "Kernel panic - not syncing: ", "==1==ERROR: AddressSanitizer: ",
                        "#0 0x1 in ", " runtime error: ", "</IRQ>", "unreferenced object 0x", "backtrace:\n",
                        "kernel BUG at ", "INFO: rcu_sched self-detected stall on CPU", "at: ", "UBSAN: "),
                Arbitraries.strings().ofMaxLength(20),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(10));
        return pieces.list().ofMaxSize(60).map(l -> String.join("", l));
    }

    @Property(tries = 200)
    void mutatedCorpus(@ForAll("mutations") String text) {
        check(text);
    }

    @Provide
    Arbitrary<String> mutations() {
        Arbitrary<Integer> which = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<Long> seed = Arbitraries.longs();
        return net.jqwik.api.Combinators.combine(which, seed).as((w, s) -> {
            List<String> all = corpus();
            String base = all.get(w % all.size());
            java.util.Random rnd = new java.util.Random(s);
            StringBuilder sb = new StringBuilder(base);
            int edits = 1 + rnd.nextInt(20);
            for (int e = 0; e < edits && sb.length() > 0; e++) {
                int at = rnd.nextInt(sb.length());
                switch (rnd.nextInt(4)) {
                    case 0 -> sb.delete(at, Math.min(sb.length(), at + rnd.nextInt(200)));
                    case 1 -> sb.insert(at, (char) rnd.nextInt(0x3000));
                    case 2 -> sb.setLength(at);
                    default -> {
                        int from = rnd.nextInt(sb.length());
                        int len = Math.min(300, sb.length() - from);
                        sb.insert(at, sb.substring(from, from + len));
                    }
                }
            }
            return sb.toString();
        });
    }
}
