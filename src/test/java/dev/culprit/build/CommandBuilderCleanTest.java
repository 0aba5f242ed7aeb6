package dev.culprit.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.culprit.common.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When a command build keeps its outputs from the last commit and when it starts from scratch. */
class CommandBuilderCleanTest {
    @TempDir
    Path tree;

    /**
     * A checkout of one directory that says which files the next commit changes (and, once a change is put on top,
     * which files that change touches) and counts the cleans.
     */
    private final class Recording implements Checkout {
        final Set<String> differing;
        final Set<String> changeTouches;
        boolean changeApplied;
        int cleans;

        Recording(Set<String> differing) {
            this(differing, Set.of());
        }

        Recording(Set<String> differing, Set<String> changeTouches) {
            this.differing = differing;
            this.changeTouches = changeTouches;
        }

        @Override
        public Path checkout(String commit) {
            changeApplied = false;
            return tree;
        }

        @Override
        public Path checkoutWith(String base, Change change) {
            changeApplied = true;
            return tree;
        }

        @Override
        public Set<String> differingFrom(String commit) {
            return changeApplied ? changeTouches : differing;
        }

        @Override
        public void clean() {
            cleans++;
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "main.c lib/util.c README.md | -             | 0",
        "main.c Makefile             | -             | 1",
        "build/rules.mk              | -             | 1",
        "include/util.h              | -             | 1",
        "include/util.h              | include/util.h | 0",
        "include/util.h src/a.hpp    | include/util.h | 1",
        "-                           | -             | 0"})
    void aBuildStartsFromScratchOnlyWhenTheBuildToolMayNotSeeAChange(String differing, String tracked, int cleans) {
        Recording checkout = new Recording(paths(differing));
        Set<String> trackedPaths = paths(tracked);
        CommandBuilder builder = new CommandBuilder(checkout, "true", List.of(), Duration.ofMinutes(1),
                tree.resolve("logs"), new Processes(), trackedPaths::contains);
        assertThat(builder.build("c1").ok()).isTrue();
        assertThat(checkout.cleans).isEqualTo(cleans);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "main.c | lib/util.c | 0",
        "main.c | Makefile   | 1",
        "Makefile | main.c   | 1"})
    void aRevertBuildAlsoStartsFromScratchWhenTheRevertItselfChangesTheBuild(String differing, String revertTouches,
                                                                              int cleans) {
        Recording checkout = new Recording(paths(differing), paths(revertTouches));
        CommandBuilder builder = new CommandBuilder(checkout, "true", List.of(), Duration.ofMinutes(1),
                tree.resolve("logs"), new Processes(), path -> false);
        Change revert = new Change(Change.Kind.REVERT, "0123456789abcdef0123456789abcdef01234567", 0);
        assertThat(builder.buildWith("89abcdef0123456789abcdef0123456789abcdef", revert).ok()).isTrue();
        assertThat(checkout.cleans).isEqualTo(cleans);
    }

    private static Set<String> paths(String list) {
        return list.equals("-") ? Set.of() : Set.of(list.split(" "));
    }
}
