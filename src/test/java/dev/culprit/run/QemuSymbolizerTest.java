package dev.culprit.run;

import dev.culprit.common.ProcessResult;
import dev.culprit.common.ProcessSpec;
import dev.culprit.common.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Symbolization with the real nm and addr2line, on a real ELF built by gcc with debug info. */
class QemuSymbolizerTest {
    @TempDir
    Path tmp;

    private Path compile(String flags) throws IOException {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("fs"));
        Files.writeString(src.resolve("fs/prog.c"), """
                int global;
                static inline __attribute__((always_inline)) int helper(int x)
                {
                	global += x;
                	return global * 3;
                }
                __attribute__((noinline)) int outer(int x)
                {
                	int r = helper(x);
                	return r + 1;
                }
                int main(int argc, char **argv)
                {
                	return outer(argc);
                }
                """);
        Path out = tmp.resolve("prog-" + flags.replace(" ", ""));
        ProcessResult r = new Processes().run(ProcessSpec.of(src, Duration.ofMinutes(1),
                List.of("gcc", flags, "-O0", "-o", out.toString(), "fs/prog.c")));
        assertThat(r.ok()).as(r.stderr()).isTrue();
        return out;
    }

    @Test
    void framesGetFileLineAndInlineLines() throws IOException {
        Path prog = compile("-g");
        QemuSymbolizer s = QemuSymbolizer.of(prog, Optional.of(tmp.resolve("src").toString()), new Processes())
                .orElseThrow();
        String console = "[    0.98] RIP: 0010:outer+0x4/0x40\n[    0.98] Call Trace:\n[    0.98]  <TASK>\n"
                + "[    0.98]  main+0x10/0x30\n[    0.98]  unknown_func+0x1/0x2\nnot a frame\n";
        String out = s.symbolize(console);
        assertThat(out).contains("RIP: 0010:outer+0x4/0x40 fs/prog.c:")
                .contains("[    0.98]  main+0x10/0x30 fs/prog.c:")
                .contains("[    0.98]  unknown_func+0x1/0x2\n").endsWith("not a frame\n");
        boolean inline = false;
        for (int off = 0; off < 0x40 && !inline; off++) {
            String one = s.symbolize("[    0.98]  outer+0x" + Integer.toHexString(off) + "/0x40");
            inline = one.matches("(?s)\\[    0.98\\]  helper fs/prog.c:\\d+ \\[inline\\]\n"
                    + "\\[    0.98\\]  outer\\+0x[0-9a-f]+/0x40 fs/prog.c:\\d+");
        }
        assertThat(inline).as("some pc of outer lies in the inlined helper").isTrue();
    }

    @Test
    void aSerialConsolesCrLfLinesAreSymbolizedToo() throws IOException {
        Path prog = compile("-g");
        QemuSymbolizer s = QemuSymbolizer.of(prog, Optional.of(tmp.resolve("src").toString()), new Processes())
                .orElseThrow();
        // What QEMU's serial console file holds: every line ends with CR LF.
        String console = "[    0.98] Call Trace:\r\n[    0.98]  <TASK>\r\n[    0.98]  main+0x10/0x30\r\n";
        String out = s.symbolize(console);
        assertThat(out).containsPattern("\\[    0\\.98\\]  main\\+0x10/0x30 fs/prog\\.c:\\d+\r\n")
                .startsWith("[    0.98] Call Trace:\r\n").endsWith("\r\n");
        assertThat(out.replace("\r\n", "")).as("every line still ends with CR LF").doesNotContain("\r")
                .doesNotContain("\n");
    }

    @Test
    void noDebugInfoNoSymbolizer() throws IOException {
        Path prog = compile("-g0");
        assertThat(QemuSymbolizer.of(prog, Optional.empty(), new Processes())).isEmpty();
    }
}
