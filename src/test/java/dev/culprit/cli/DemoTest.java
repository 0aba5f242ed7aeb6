package dev.culprit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code culprit demo} is what a newcomer runs first: it must name the real culprit, and classic must not. */
class DemoTest {
    @TempDir
    Path tmp;

    private record Demo(int exit, String out, JsonNode json) {
        String trueCulprit() {
            Matcher m = Pattern.compile("really introduced the use-after-free is ([0-9a-f]{40})").matcher(out);
            assertThat(m.find()).as(out).isTrue();
            return m.group(1);
        }
    }

    private Demo demo(String strategy) throws IOException {
        Path json = tmp.resolve(strategy + ".json");
        StringWriter out = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        int exit = cl.execute("demo", "--work", tmp.toString(), "--jobs", "2", "--strategy", strategy,
                "--json", json.toString());
        return new Demo(exit, out.toString(), new ObjectMapper().readTree(json.toFile()));
    }

    @Test
    void bayesNamesTheRealCulpritAndClassicIsCaught() throws IOException {
        Demo bayes = demo("bayes");
        assertThat(bayes.exit()).as(bayes.out()).isZero();
        assertThat(bayes.json().get("verdict").asText()).isEqualTo("found");
        assertThat(bayes.json().get("culprits").get(0).get("hash").asText()).isEqualTo(bayes.trueCulprit());
        assertThat(bayes.json().get("flags").toString()).contains("verified");

        // syzbot's rules blame the unrelated crash's commit; verification refutes that answer.
        Demo classic = demo("classic");
        assertThat(classic.exit()).as(classic.out()).isEqualTo(1);
        assertThat(classic.json().get("flags").toString()).contains("refuted");
        assertThat(classic.out()).contains("refuted ");
    }
}
