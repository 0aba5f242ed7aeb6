package dev.culprit.cli;

import dev.culprit.common.InfraException;
import dev.culprit.common.ProcessResult;
import dev.culprit.common.ProcessSpec;
import dev.culprit.common.Processes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sample history {@code culprit demo} bisects: a small C program over about 150 commits with release tags,
 * merged topic branches, comment-only commits (same binary), a range where the build is broken, an unrelated
 * crash that fires first in every run for a while, and the real bug, a heap-use-after-free that AddressSanitizer
 * catches in about 40 % of runs. The history is generated with {@code git fast-import} from fixed dates, so the
 * commit hashes are the same on every machine.
 */
final class DemoRepository {
    static final String CULPRIT_SUBJECT = "records: release the scratch buffer early";
    static final String UNRELATED_SUBJECT = "header: look up the header kind in a table";
    static final String BUILD_COMMAND = "cc -g -O1 -fsanitize=address -fno-omit-frame-pointer -o sample *.c";
    static final String ARTIFACT = "sample";
    static final String TEST_COMMAND = "./sample";

    private static final int MAINLINE = 128;
    private static final int UNRELATED_FROM = 90;
    private static final int UNRELATED_UNTIL = 102;
    private static final int CULPRIT_AT = 106;
    private static final int BROKEN_FROM = 112;
    private static final int BROKEN_UNTIL = 117;
    private static final long EPOCH = 1_700_000_000L;

    private final Processes processes;

    DemoRepository(Processes processes) {
        this.processes = processes;
    }

    /** Creates the repository at {@code dir} (which must not exist yet). */
    void create(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new InfraException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        git(dir, null, "init", "-q", "-b", "main");
        git(dir, stream().getBytes(StandardCharsets.UTF_8), "fast-import", "--quiet");
        git(dir, null, "checkout", "-q", "-f", "main");
    }

    private void git(Path dir, byte[] stdin, String... args) {
        List<String> argv = new ArrayList<>(List.of("git", "-c", "core.autocrlf=false"));
        argv.addAll(List.of(args));
        if (stdin != null) {
            // The stream goes through a file: the shell only redirects it, the path is an argument.
            Path input = dir.resolve(".git").resolve("culprit-demo.fi");
            try {
                Files.write(input, stdin);
            } catch (java.io.IOException e) {
                throw new InfraException("cannot write " + input + ": " + e.getMessage(), e);
            }
            List<String> viaShell = new ArrayList<>(List.of("sh", "-c", "f=$1; shift; exec \"$@\" < \"$f\"", "sh",
                    input.toString()));
            viaShell.addAll(argv);
            argv = viaShell;
        }
        ProcessResult r = processes.run(ProcessSpec.of(dir, Duration.ofMinutes(2), argv)
                .withEnv(Map.of("GIT_CONFIG_NOSYSTEM", "1")));
        if (!r.ok()) {
            throw new InfraException("git " + args[0] + " failed while creating the demo: " + r.failureSummary());
        }
    }

    // ---- the history ----

    private final StringBuilder out = new StringBuilder();
    private int nextMark = 1;
    private long clock = EPOCH;

    private String stream() {
        out.setLength(0);
        nextMark = 1;
        clock = EPOCH;
        Map<String, String> files = initialFiles();
        int tip = commit("main", files, "sample: initial import", -1, -1);
        tag("v1.0", tip);
        Map<Integer, Integer> topicAt = Map.of(30, 1, 60, 2, 88, 3, 100, 4, 120, 5);
        Map<String, String> forkFiles = null;
        int forkMark = -1;
        for (int i = 1; i <= MAINLINE; i++) {
            if (i == 20 || i == 50 || i == 80 || i == 93 || i == 110) {
                forkFiles = new LinkedHashMap<>(files);
                forkMark = tip;
            }
            Integer topic = topicAt.get(i);
            if (topic != null && forkFiles != null) {
                int topicTip = topicBranch(topic, forkFiles, forkMark);
                files.put("topic" + topic + ".c", topicFile(topic, 3 + topic % 3));
                tip = commit("main", files, "Merge branch 'topic-" + topic + "'", tip, topicTip);
                continue;
            }
            String subject = mainlineChange(i, files);
            tip = commit("main", files, subject, tip, -1);
            if (i == 25) {
                tag("v1.1", tip);
            } else if (i == 50) {
                tag("v1.2", tip);
            } else if (i == 75) {
                tag("v1.3", tip);
            }
        }
        return out.toString();
    }

    /** Applies mainline change number i to the files; returns the commit subject. */
    private String mainlineChange(int i, Map<String, String> files) {
        if (i == UNRELATED_FROM) {
            files.put("header.c", headerFile(true));
            return UNRELATED_SUBJECT;
        }
        if (i == UNRELATED_UNTIL) {
            files.put("header.c", headerFile(false));
            return "header: stay inside the kind table";
        }
        if (i == CULPRIT_AT) {
            files.put("records.c", recordsFile(true));
            return CULPRIT_SUBJECT;
        }
        if (i == BROKEN_FROM) {
            files.put("broken.c", "int broken(void) { return 1 }\n");
            return "util: add a broken helper";
        }
        if (i == BROKEN_UNTIL) {
            files.put("broken.c", "int broken(void) { return 1; }\n");
            return "util: fix the build of the broken helper";
        }
        if (i % 7 == 0) {
            files.put("util.c", utilFile(helpers(i), i));
            return "util: reword the notes comment (" + i + ")";
        }
        files.put("util.c", utilFile(helpers(i), lastCommentRevision(i)));
        return "util: add helper " + i;
    }

    private static int lastCommentRevision(int i) {
        return (i / 7) * 7;
    }

    /** Helpers present after mainline change i: every non-special, non-comment change adds one. */
    private static List<Integer> helpers(int upTo) {
        List<Integer> hs = new ArrayList<>();
        for (int k = 1; k <= upTo; k++) {
            boolean special = k == UNRELATED_FROM || k == UNRELATED_UNTIL || k == CULPRIT_AT || k == BROKEN_FROM
                    || k == BROKEN_UNTIL || k % 7 == 0 || k == 30 || k == 60 || k == 88 || k == 100 || k == 120;
            if (!special) {
                hs.add(k);
            }
        }
        return hs;
    }

    private int topicBranch(int topic, Map<String, String> forkFiles, int forkMark) {
        Map<String, String> files = new LinkedHashMap<>(forkFiles);
        int tip = forkMark;
        int n = 3 + topic % 3;
        for (int k = 1; k <= n; k++) {
            files.put("topic" + topic + ".c", topicFile(topic, k));
            tip = commit("topic-" + topic, files, "topic " + topic + ": add feature step " + k, tip, -1);
        }
        return tip;
    }

    private int commit(String branch, Map<String, String> files, String message, int parent, int merge) {
        int mark = nextMark++;
        clock += 3600;
        out.append("commit refs/heads/").append(branch).append('\n');
        out.append("mark :").append(mark).append('\n');
        String who = "Demo Developer <dev@example.invalid> " + clock + " +0000\n";
        out.append("author ").append(who);
        out.append("committer ").append(who);
        data(message + "\n");
        if (parent > 0) {
            out.append("from :").append(parent).append('\n');
        }
        if (merge > 0) {
            out.append("merge :").append(merge).append('\n');
        }
        out.append("deleteall\n");
        for (Map.Entry<String, String> f : files.entrySet()) {
            out.append("M 100644 inline ").append(f.getKey()).append('\n');
            data(f.getValue());
        }
        out.append('\n');
        return mark;
    }

    private void tag(String name, int mark) {
        out.append("reset refs/tags/").append(name).append('\n');
        out.append("from :").append(mark).append("\n\n");
    }

    private void data(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.append("data ").append(bytes.length).append('\n').append(text).append('\n');
    }

    // ---- the program ----

    private static Map<String, String> initialFiles() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("README", "sample: a tiny record parser used by the culprit demo.\n");
        f.put("main.c", """
                #include <stdio.h>

                int parse_header(const char *text);
                int parse_record(const char *text);
                int checksum(const char *text);

                int main(void) {
                    int kind = parse_header("record-header");
                    int value = parse_record("record-0042-payload");
                    printf("kind=%d value=%d sum=%d\\n", kind, value, checksum("done"));
                    return 0;
                }
                """);
        f.put("header.c", headerFile(false));
        f.put("records.c", recordsFile(false));
        f.put("util.c", utilFile(List.of(), 0));
        return f;
    }

    private static String headerFile(boolean outOfBounds) {
        String index = outOfBounds ? "(int)strlen(text)" : "(int)(strlen(text) % 4)";
        return """
                #include <string.h>

                static const char kinds[4] = {1, 2, 3, 4};

                int parse_header(const char *text) {
                    int i = %s;
                    return kinds[i];
                }
                """.formatted(index);
    }

    private static String recordsFile(boolean useAfterFree) {
        String body = useAfterFree ? """
                    int value = checksum(buf);
                    if (rand_r(&seed) % 100 < 40) {
                        free(buf);
                        value += buf[1];
                        return value;
                    }
                    free(buf);
                    return value;
                """ : """
                    int value = checksum(buf);
                    free(buf);
                    return value;
                """;
        return ("""
                #include <stdlib.h>
                #include <string.h>
                #include <time.h>
                #include <unistd.h>

                int checksum(const char *text);

                int parse_record(const char *text) {
                    struct timespec now;
                    clock_gettime(CLOCK_MONOTONIC, &now);
                    unsigned seed = (unsigned)now.tv_nsec ^ (unsigned)getpid() * 2654435761u;
                    char *buf = malloc(strlen(text) + 1);
                    strcpy(buf, text);
                """ + body + "}\n");
    }

    private static String utilFile(List<Integer> helpers, int commentRevision) {
        StringBuilder sb = new StringBuilder();
        sb.append("/* util.c: small helpers. Notes revision ").append(commentRevision).append(". */\n");
        sb.append("int checksum(const char *text) {\n    int sum = 0;\n    while (*text) {\n");
        sb.append("        sum = sum * 31 + *text++;\n    }\n    return sum;\n}\n");
        for (int h : helpers) {
            sb.append("\nint helper_").append(h).append("(int x) {\n    return x * ").append(h).append(" + ")
                    .append(h % 11).append(";\n}\n");
        }
        return sb.toString();
    }

    private static String topicFile(int topic, int steps) {
        StringBuilder sb = new StringBuilder("/* topic ").append(topic).append(" */\n");
        for (int k = 1; k <= steps; k++) {
            sb.append("int topic").append(topic).append("_step").append(k).append("(int x) {\n    return x + ")
                    .append(topic * 100 + k).append(";\n}\n");
        }
        return sb.toString();
    }
}
