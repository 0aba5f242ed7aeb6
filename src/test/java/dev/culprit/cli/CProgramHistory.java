package dev.culprit.cli;

import dev.culprit.testing.TestRepo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A linear history of a small C program, built with AddressSanitizer, for end-to-end bisections. Each commit
 * is one kind of change; the program decides whether a flaky bug fires from a hash of CULPRIT_COMMIT and
 * CULPRIT_RUN, so a run's outcome is random-looking across commits and runs but the same every time the test
 * suite runs (a flaky test would be a bug).
 */
final class CProgramHistory {
    static final String BUILD = "cc -g -O1 -fsanitize=address -fno-omit-frame-pointer -o prog *.c";
    static final String TEST = "./prog";
    static final String TARGET_TITLE_PART = "heap-use-after-free";

    /** What a commit changes. */
    enum Change {
        HARMLESS, COMMENT, ADD_BUG, REMOVE_BUG, ADD_UNRELATED, REMOVE_UNRELATED, BREAK_BUILD, FIX_BUILD,
        /** Rewrites the lines around the bug: a later revert of ADD_BUG no longer applies cleanly. */
        REWORK_RECORDS
    }

    private final List<Change> changes = new ArrayList<>();
    private int bugPercent = 100;

    CProgramHistory bugPercent(int percent) {
        this.bugPercent = percent;
        return this;
    }

    CProgramHistory then(Change change, int times) {
        for (int i = 0; i < times; i++) {
            changes.add(change);
        }
        return this;
    }

    CProgramHistory then(Change change) {
        return then(change, 1);
    }

    /** The created repository; commit ids are "c0" (the initial import) and then "c1".."cN" in order. */
    TestRepo.Imported create(Path dir, Map<Integer, String> tags) {
        TestRepo.History h = new TestRepo.History();
        boolean bug = false;
        boolean unrelated = false;
        boolean broken = false;
        boolean reworked = false;
        int helpers = 0;
        int comment = 0;
        h.commit("c0", List.of(), "initial import", files(bug, unrelated, broken, reworked, helpers, comment));
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            String message;
            switch (c) {
                case HARMLESS -> {
                    helpers++;
                    message = "util: add helper " + helpers;
                }
                case COMMENT -> {
                    comment++;
                    message = "util: reword a comment";
                }
                case ADD_BUG -> {
                    bug = true;
                    message = "records: release the buffer early";
                }
                case REMOVE_BUG -> {
                    bug = false;
                    message = "records: keep the buffer until done";
                }
                case ADD_UNRELATED -> {
                    unrelated = true;
                    message = "header: index the kind table by length";
                }
                case REMOVE_UNRELATED -> {
                    unrelated = false;
                    message = "header: stay inside the kind table";
                }
                case REWORK_RECORDS -> {
                    reworked = true;
                    message = "records: read the value from a longer tag";
                }
                case BREAK_BUILD -> {
                    broken = true;
                    message = "build: add a helper that does not compile";
                }
                default -> {
                    broken = false;
                    message = "build: fix the helper";
                }
            }
            h.commit("c" + (i + 1), List.of("c" + i), message, files(bug, unrelated, broken, reworked, helpers, comment));
        }
        tags.forEach((index, name) -> h.tag(name, "c" + index));
        h.branch("main", "c" + changes.size());
        return TestRepo.create(dir, h);
    }

    /**
     * The program's whole tree in a given state, for histories with branches and merges built by hand: the bug
     * present or not, {@code helpers} helper steps in util.c, util.c's comment at revision {@code comment}.
     */
    Map<String, String> tree(boolean bug, int helpers, int comment) {
        return files(bug, false, false, false, helpers, comment);
    }

    private Map<String, String> files(boolean bug, boolean unrelated, boolean broken, boolean reworked, int helpers,
                                      int comment) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("main.c", """
                #include <stdio.h>
                #include <stdlib.h>

                int parse_header(const char *text);
                int parse_record(unsigned roll);
                int helpers(int x);

                static unsigned fnv(const char *s) {
                    unsigned h = 2166136261u;
                    while (*s) {
                        h ^= (unsigned char)*s++;
                        h *= 16777619u;
                    }
                    return h;
                }

                int main(void) {
                    const char *commit = getenv("CULPRIT_COMMIT");
                    const char *run = getenv("CULPRIT_RUN");
                    char key[256];
                    snprintf(key, sizeof key, "%s/%s", commit ? commit : "", run ? run : "");
                    unsigned roll = fnv(key) % 100;
                    int kind = parse_header("record-header");
                    int value = parse_record(roll);
                    printf("kind=%d value=%d helpers=%d\\n", kind, value, helpers(2));
                    return 0;
                }
                """);
        f.put("header.c", """
                #include <string.h>

                static const char kinds[4] = {1, 2, 3, 4};

                int parse_header(const char *text) {
                    int i = %s;
                    return kinds[i];
                }
                """.formatted(unrelated ? "(int)strlen(text)" : "(int)(strlen(text) % 4)"));
        String uaf = bug ? """
                    if (roll < %d) {
                        free(buf);
                        return buf[1];
                    }
                """.formatted(bugPercent) : "";
        f.put("records.c", """
                #include <stdlib.h>
                #include <string.h>

                int parse_record(unsigned roll) {
                    char *buf = malloc(16);
                    strcpy(buf, "%s");
                """.formatted(reworked ? "record-00042" : "record-0042") + uaf + """
                    int value = buf[%d] - '0';
                """.formatted(reworked ? 8 : 7) + """
                    free(buf);
                    return value;
                }
                """);
        StringBuilder util = new StringBuilder("/* util.c: helpers, comment revision " + comment + " */\n");
        util.append("int helpers(int x) {\n    int sum = x;\n");
        for (int i = 1; i <= helpers; i++) {
            util.append("    sum = sum * 3 + ").append(i).append(";\n");
        }
        util.append("    return sum;\n}\n");
        f.put("util.c", util.toString());
        f.put("broken.c", broken ? "int broken(void) { return 1 }\n" : "int broken(void) { return 1; }\n");
        return f;
    }
}
