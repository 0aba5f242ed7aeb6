package dev.culprit.build;

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

/**
 * When KernelBuilder rewrites .config (and so makes kbuild resynchronise): on a new tree, on a new config, and on
 * a .config that someone else changed since culprit's last build; never on a tree it left as it is. The tree is a
 * small real one: a Makefile with the two targets culprit asks for, building a real ELF as vmlinux with gcc.
 */
class KernelBuilderConfigTest {
    static final String MAKEFILE = """
            # olddefconfig canonicalises .config as Kconfig does: comments dropped, symbols sorted.
            olddefconfig:
            \techo olddefconfig >> calls.txt
            \t{ echo '# generated'; grep '^CONFIG_' .config | sort; } > .config.tmp && mv .config.tmp .config
            bzImage:
            \techo bzImage >> calls.txt
            \t$(CC) -o vmlinux main.c
            \tmkdir -p arch/x86/boot && cp vmlinux arch/x86/boot/bzImage
            """;

    @Test
    void configIsRewrittenOnlyWhenItIsNotWhatTheLastBuildLeft(@TempDir Path tmp) throws IOException {
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Files.writeString(tree.resolve("Makefile"), MAKEFILE);
        Files.writeString(tree.resolve("main.c"), "int main(void) { return 0; }\n");
        Path config = tmp.resolve("kernel.config");
        Files.writeString(config, "CONFIG_B=y\nCONFIG_A=y\n");
        KernelBuilder builder = builder(tree, config, tmp);

        assertThat(builder.build("c1").ok()).isTrue();
        assertThat(calls(tree)).containsExactly("olddefconfig", "bzImage");
        assertThat(builder.build("c2").ok()).isTrue();
        assertThat(calls(tree)).as("same config, .config untouched").containsExactly("bzImage");

        // Another tool wrote the same settings into the tree (its .config canonicalises to culprit's): kept.
        Files.writeString(tree.resolve(".config"), "# generated\nCONFIG_A=y\nCONFIG_B=y\n");
        assertThat(builder.build("c3").ok()).isTrue();
        assertThat(calls(tree)).containsExactly("bzImage");

        // ... other settings: replaced, even though culprit's own input has not changed.
        Files.writeString(tree.resolve(".config"), "# generated\nCONFIG_A=y\n");
        assertThat(builder.build("c4").ok()).isTrue();
        assertThat(calls(tree)).containsExactly("olddefconfig", "bzImage");
        assertThat(Files.readString(tree.resolve(".config"))).contains("CONFIG_B=y");

        Files.writeString(config, "CONFIG_A=y\n");
        assertThat(builder(tree, config, tmp).build("c5").ok()).isTrue();
        assertThat(calls(tree)).as("a new config").containsExactly("olddefconfig", "bzImage");
        assertThat(Files.readString(tree.resolve(".config"))).doesNotContain("CONFIG_B=y");
    }

    private static KernelBuilder builder(Path tree, Path config, Path tmp) {
        KernelBuildSpec spec = new KernelBuildSpec(tree, config, 1, CompilerTable.single("gcc"), false,
                Optional.empty(), Duration.ofMinutes(1), tmp.resolve("logs"), new KernelImages(tmp.resolve("images")));
        return new KernelBuilder(commit -> tree, spec, new Processes());
    }

    /** The targets make ran since the last look. */
    private static List<String> calls(Path tree) throws IOException {
        Path calls = tree.resolve("calls.txt");
        List<String> lines = Files.readAllLines(calls);
        Files.delete(calls);
        return lines;
    }
}
