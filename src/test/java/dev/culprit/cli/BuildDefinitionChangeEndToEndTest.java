package dev.culprit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.culprit.testing.TestRepo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A make project whose crash comes with a makefile change (a -D flag turns a check on) while its sources stay as they
 * were: make's rules do not depend on the makefile, so an object built at the bad end would look up to date at an
 * older commit and carry the flag there. The bisection must still test each commit as that commit builds it.
 */
class BuildDefinitionChangeEndToEndTest {
    @TempDir
    Path tmp;

    private static String makefile(String cflags) {
        return "CFLAGS = " + cflags + "\n"
                + "prog: main.o check.o\n\t$(CC) -o prog main.o check.o\n"
                + "%.o: %.c\n\t$(CC) $(CFLAGS) -c $<\n";
    }

    private static final String CHECK = """
            #include <stdlib.h>
            int check(int n) {
            #ifdef STRICT
                if (n > 8)
                    abort();
            #endif
                return n;
            }
            """;

    private static String main(int revision) {
        return "#include <stdio.h>\nint check(int n);\n/* revision " + revision + " */\n"
                + "int main(void) { printf(\"%d\\n\", check(9)); return 0; }\n";
    }

    @Test
    void aHeaderTheMakefileDoesNotTrackIsBuiltFromScratch() throws IOException {
        // check.c includes limits.h, whose flag turns the check on; the makefile knows nothing of headers.
        String check = "#include <stdlib.h>\n#include \"limits.h\"\n"
                + "int check(int n) { if (STRICT && n > 8) abort(); return n; }\n";
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        List<String> hashes = new ArrayList<>();
        hashes.add(repo.commit("initial", Map.of("Makefile", makefile("-O1"), "limits.h", "#define STRICT 0\n",
                "check.c", check, "main.c", main(0))));
        for (int c = 1; c <= 12; c++) {
            hashes.add(c == 5
                    ? repo.commit("limits: strict", Map.of("limits.h", "#define STRICT 1\n"))
                    : repo.commit("main: revision " + c, Map.of("main.c", main(c))));
        }
        String out = bisectExpecting(repo, hashes, hashes.get(5));
        assertThat(out).contains("first bad commit: " + hashes.get(5));
    }

    @Test
    void aMakefileChangeIsBuiltFromScratch() throws IOException {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        List<String> hashes = new ArrayList<>();
        hashes.add(repo.commit("initial", Map.of("Makefile", makefile("-O1"), "check.c", CHECK, "main.c", main(0))));
        for (int c = 1; c <= 12; c++) {
            hashes.add(c == 8
                    ? repo.commit("build: strict checks", Map.of("Makefile", makefile("-O1 -DSTRICT")))
                    : repo.commit("main: revision " + c, Map.of("main.c", main(c))));
        }
        bisectExpecting(repo, hashes, hashes.get(8));
    }

    /** Bisects the history from its last commit back to its first; asserts the culprit; returns the output. */
    private String bisectExpecting(TestRepo repo, List<String> hashes, String culprit) throws IOException {
        Path json = tmp.resolve("result.json");
        StringWriter out = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        int exit = cl.execute("bisect", "--repo", repo.dir().toString(), "--bad", hashes.get(hashes.size() - 1),
                "--good", hashes.get(0), "--build", "make prog", "--artifact", "prog", "--test", "./prog",
                "--work", tmp.resolve("work").toString(), "--json", json.toString());
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertThat(exit).as(out.toString()).isZero();
        assertThat(result.get("culprits").get(0).get("hash").asText()).as(out.toString()).isEqualTo(culprit);
        return out.toString();
    }
}
