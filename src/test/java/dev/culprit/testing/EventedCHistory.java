package dev.culprit.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small C history with a flaky bug whose build and test append an event ("B commit", "R commit run") to
 * {@code $CULPRIT_EVENTS} before their work: tests that kill and resume bisections (the CLI's, the server's
 * workers') count from it what was done, and what was done twice.
 */
public final class EventedCHistory {
    public static final String BUILD = "echo \"B $CULPRIT_COMMIT\" >> \"$CULPRIT_EVENTS\"; "
            + "cc -g -O1 -fsanitize=address -fno-omit-frame-pointer -o prog *.c";
    public static final String TEST = "echo \"R $CULPRIT_COMMIT $CULPRIT_RUN\" >> \"$CULPRIT_EVENTS\"; ./prog";

    private EventedCHistory() {
    }

    /**
     * A linear history c0..c{commits}: every commit changes version.c; c{bugAt} (with {@code bugMessage}) changes
     * records.c only (so its revert applies on the newest commit), adding a heap-use-after-free that fires in
     * {@code percent}% of runs, chosen by a hash of CULPRIT_COMMIT and CULPRIT_RUN (the same every test run).
     */
    public static TestRepo.Imported create(Path dir, int commits, int bugAt, int percent, String bugMessage) {
        TestRepo.History h = new TestRepo.History();
        for (int i = 0; i <= commits; i++) {
            Map<String, String> files = new LinkedHashMap<>();
            files.put("main.c", """
                    #include <stdio.h>
                    #include <stdlib.h>
                    int parse_record(unsigned roll);
                    int version(void);
                    static unsigned fnv(const char *s) {
                        unsigned h = 2166136261u;
                        while (s && *s) { h ^= (unsigned char)*s++; h *= 16777619u; }
                        return h;
                    }
                    int main(void) {
                        char key[256];
                        snprintf(key, sizeof key, "%s/%s", getenv("CULPRIT_COMMIT"), getenv("CULPRIT_RUN"));
                        printf("version %d value %d\\n", version(), parse_record(fnv(key) % 100));
                        return 0;
                    }
                    """);
            files.put("records.c", """
                    #include <stdlib.h>
                    #include <string.h>
                    int parse_record(unsigned roll) {
                        char *buf = malloc(16);
                        strcpy(buf, "record-0042");
                    """ + (i >= bugAt ? """
                        if (roll < %d) {
                            free(buf);
                            return buf[1];
                        }
                    """.formatted(percent) : "") + """
                        int value = buf[7] - '0';
                        free(buf);
                        return value;
                    }
                    """);
            int v = i >= bugAt ? i - 1 : i; // the bug commit leaves version.c alone
            files.put("version.c", "int version(void) { return " + v + "; }\n");
            h.commit("c" + i, i == 0 ? List.of() : List.of("c" + (i - 1)), i == bugAt ? bugMessage : "version " + v,
                    files);
        }
        h.branch("main", "c" + commits);
        return TestRepo.create(dir, h);
    }

    /** The complete lines of an events file (a line still being written is left out); none when it is missing. */
    public static List<String> events(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>(text.lines().filter(l -> !l.isBlank()).toList());
        if (!text.endsWith("\n") && !out.isEmpty()) {
            out.remove(out.size() - 1); // a line being written
        }
        return out;
    }
}
