package dev.culprit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.culprit.bisect.Evidence;
import dev.culprit.bisect.Mode;
import dev.culprit.bisect.PruningByPaths;
import dev.culprit.bisect.SearchSpace;
import dev.culprit.build.BuildResult;
import dev.culprit.build.CommandBuilder;
import dev.culprit.build.DependencySet;
import dev.culprit.build.DependencySetBuilder;
import dev.culprit.common.Processes;
import dev.culprit.testing.TestRepo;
import dev.culprit.vcs.CommitGraph;
import dev.culprit.vcs.Git;
import dev.culprit.vcs.Worktree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dependency-aware pruning on generated C repositories with real gcc builds: commits that touch documentation,
 * a .c file the build does not compile or a header nobody includes are pruned, and building them anyway gives
 * the parent's signature; a bisection with pruning builds less and finds the same culprit.
 */
class PruningEndToEndTest {
    @TempDir
    Path tmp;

    static final String BUILD = "cc -O1 -fsanitize=address -fno-omit-frame-pointer -MMD -c main.c util.c records.c"
            + " && cc -fsanitize=address -o prog main.o util.o records.o";

    /** What a commit changes. */
    enum Kind {
        DOC, UNUSED_C, UNUSED_H, DELETE_DOC, HELPER, HEADER, BUG,
        /** A compiled .c file's comment reworded, every token left on its line. */
        COMMENT,
        /** A comment line added above code in a compiled .c file: the code below moves down a line. */
        COMMENT_LINE
    }

    /** Kinds that cannot change the binary. */
    static final Set<Kind> OUTSIDE = Set.of(Kind.DOC, Kind.UNUSED_C, Kind.UNUSED_H, Kind.DELETE_DOC, Kind.COMMENT);

    /**
     * c0 imports the program; c1..cN follow {@code kinds} on the main line; after c{@code mergeAt} a side branch
     * (s1: docs, s2: a helper) is merged in two merges, m1 (docs only) and m2 (the helper).
     */
    static TestRepo.Imported create(Path dir, List<Kind> kinds, int mergeAt) {
        return create(dir, kinds, mergeAt, 100);
    }

    /** As above, the bug firing in {@code bugPercent} % of the runs (drawn from CULPRIT_COMMIT and CULPRIT_RUN). */
    static TestRepo.Imported create(Path dir, List<Kind> kinds, int mergeAt, int bugPercent) {
        TestRepo.History h = new TestRepo.History();
        State st = new State();
        st.bugPercent = bugPercent;
        h.commit("c0", List.of(), "initial import", st.files());
        String prev = "c0";
        for (int i = 0; i < kinds.size(); i++) {
            Kind k = kinds.get(i);
            Map<String, String> changed = st.apply(k, i + 1);
            String id = "c" + (i + 1);
            h.commit(id, List.of(prev), k.name().toLowerCase() + " " + (i + 1), changed);
            prev = id;
            if (i + 1 == mergeAt) {
                Map<String, String> doc = Map.of("docs/side.md", "side notes\n");
                h.commit("s1", List.of(prev), "docs: side notes", doc);
                h.commit("m1", List.of(prev, "s1"), "Merge branch 'side-docs'", doc);
                st.helpers++;
                Map<String, String> helper = Map.of("util.c", st.util());
                h.commit("s2", List.of("m1"), "util: side helper", helper);
                h.commit("m2", List.of("m1", "s2"), "Merge branch 'side-helper'", helper);
                prev = "m2";
            }
        }
        h.branch("main", prev);
        return TestRepo.create(dir, h);
    }

    /** The program's files as the history goes. */
    static final class State {
        int helpers;
        int docRevision;
        int unusedRevision;
        int headerRevision;
        int commentRevision;
        int commentLines;
        boolean bug;
        int bugPercent = 100;

        Map<String, String> apply(Kind k, int n) {
            Map<String, String> f = new LinkedHashMap<>();
            switch (k) {
                case DOC -> f.put("docs/README.md", "# prog\n\nrevision " + (++docRevision) + "\n");
                case DELETE_DOC -> f.put("docs/old-" + n + ".md", null);
                case UNUSED_C -> f.put("unused.c", "int unused(void) { return " + (++unusedRevision) + "; }\n");
                case UNUSED_H -> f.put("unused.h", "/* not included anywhere, revision " + (++unusedRevision)
                        + " */\n#define UNUSED 1\n");
                case HELPER -> {
                    helpers++;
                    f.put("util.c", util());
                }
                case HEADER -> f.put("util.h", header(++headerRevision));
                case COMMENT -> {
                    commentRevision++;
                    f.put("util.c", util());
                }
                case COMMENT_LINE -> {
                    commentLines++;
                    f.put("records.c", records());
                }
                default -> {
                    bug = true;
                    f.put("records.c", records());
                }
            }
            return f;
        }

        Map<String, String> files() {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("main.c", """
                    #include <stdio.h>
                    #include <stdlib.h>
                    #include "util.h"

                    int parse_record(unsigned roll);

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
                        printf("%d %d\\n", helpers(2), parse_record(fnv(key) % 100));
                        return 0;
                    }
                    """);
            f.put("util.h", header(0));
            f.put("util.c", util());
            f.put("records.c", records());
            f.put("unused.c", "int unused(void) { return 0; }\n");
            f.put("unused.h", "#define UNUSED 1\n");
            f.put("docs/README.md", "# prog\n");
            for (int i = 1; i <= 40; i++) {
                f.put("docs/old-" + i + ".md", "old " + i + "\n");
            }
            return f;
        }

        static String header(int revision) {
            return "#define SCALE " + (2 + revision) + "\nint helpers(int x);\n";
        }

        String util() {
            StringBuilder s = new StringBuilder("#include \"util.h\"\nint helpers(int x) { /* scaled sum, note "
                    + commentRevision + " */\n    int sum = x * SCALE;\n");
            for (int i = 1; i <= helpers; i++) {
                s.append("    sum = sum * 3 + ").append(i).append(";\n");
            }
            return s.append("    return sum;\n}\n").toString();
        }

        String records() {
            return "/* records: parsing notes */\n".repeat(commentLines)
                    + "#include <stdlib.h>\n#include <string.h>\nint parse_record(unsigned roll) {\n"
                    + "    char *buf = malloc(16);\n    strcpy(buf, \"record-0042\");\n"
                    + (bug ? "    if (roll < " + bugPercent + ") {\n        free(buf);\n        return buf[7] - '0';\n    }\n"
                    : "")
                    + "    int v = buf[7] - '0';\n    free(buf);\n    return v;\n}\n";
        }
    }

    static List<Kind> kinds(int n, int bugAt) {
        Kind[] cycle = {Kind.DOC, Kind.UNUSED_C, Kind.HELPER, Kind.UNUSED_H, Kind.DELETE_DOC, Kind.COMMENT, Kind.HEADER,
                Kind.UNUSED_C, Kind.COMMENT_LINE, Kind.DELETE_DOC, Kind.DOC};
        List<Kind> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(i == bugAt ? Kind.BUG : cycle[(i * 7) % cycle.length]);
        }
        return out;
    }

    @Test
    void everyPrunedCommitBuildsToItsParentsSignature() {
        List<Kind> kinds = kinds(24, 100);
        TestRepo.Imported repo = create(tmp.resolve("repo"), kinds, 9);
        Git git = Git.open(repo.dir());
        Processes processes = new Processes();
        DependencySet.Tracker deps = new DependencySet.Tracker(
                new DependencySet.Spec(List.of(), List.of(BUILD, "./prog"), List.of()));
        try (Worktree wt = Worktree.acquire(git, tmp.resolve("wt"))) {
            CommandBuilder command = new CommandBuilder(new WorktreeCheckout(wt), BUILD, List.of("prog"),
                    Duration.ofMinutes(5), tmp.resolve("logs"), processes);
            DependencySetBuilder builder = new DependencySetBuilder(command, wt.dir(), wt.dir(), deps);
            String tip = git.resolve("main");
            String good = repo.hash("c0");
            BuildResult first = builder.build(tip);
            assertThat(first.ok()).as(first.errorSummary()).isTrue();

            CommitGraph graph = git.graph(tip, List.of(good));
            SearchSpace space = new SearchSpace(graph, Mode.CAUSE, tip, List.of(good), Set.of(good), new Evidence());
            PruningByPaths pruner = new PruningByPaths(git::changedFilesInRange, deps::current,
                    BisectSession.sameCCode(git));
            Set<String> pruned = pruner.irrelevant(space, first).orElseThrow();

            Map<String, String> idOf = new HashMap<>();
            repo.hashes().forEach((id, hash) -> idOf.put(hash, id));
            Set<String> expected = new java.util.HashSet<>(Set.of("s1", "m1"));
            for (int i = 0; i < kinds.size(); i++) {
                if (OUTSIDE.contains(kinds.get(i))) {
                    expected.add("c" + (i + 1));
                }
            }
            assertThat(pruned.stream().map(idOf::get).toList()).containsExactlyInAnyOrderElementsOf(expected);

            // Build every pruned commit and its parent anyway: the binaries must be the same.
            Map<String, String> signatures = new HashMap<>();
            for (String commit : pruned) {
                String parent = graph.parentHashes(graph.indexOf(commit)).get(0);
                String mine = signatures.computeIfAbsent(commit, c -> signature(builder, c));
                String theirs = signatures.computeIfAbsent(parent, c -> signature(builder, c));
                assertThat(mine).as("pruned " + idOf.get(commit) + " vs its parent " + idOf.get(parent))
                        .isEqualTo(theirs);
            }
            // ... while a relevant commit does change it (the rule is not vacuous).
            String helper = repo.hash("s2");
            assertThat(signature(builder, helper)).isNotEqualTo(signature(builder, repo.hash("m1")));
        }
    }

    private static String signature(DependencySetBuilder builder, String commit) {
        BuildResult r = builder.build(commit);
        assertThat(r.ok()).as(commit + ": " + r.errorSummary()).isTrue();
        return r.signature().orElseThrow();
    }

    record Run(int exit, String out, JsonNode json) {
    }

    private Run bisect(Path repo, String work, String... extra) throws IOException {
        Path json = tmp.resolve("result-" + work + ".json");
        List<String> args = new ArrayList<>(List.of("bisect", "--repo", repo.toString(), "--build", BUILD,
                "--artifact", "prog", "--test", "./prog", "--work", tmp.resolve(work).toString(), "--json",
                json.toString(), "--jobs", "2"));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        int exit = cl.execute(args.toArray(String[]::new));
        return new Run(exit, out.toString(), Files.exists(json) ? new ObjectMapper().readTree(json.toFile()) : null);
    }

    @Test
    void aFlakyBugIsFoundWithFewerBuilds() throws IOException {
        TestRepo.Imported repo = create(tmp.resolve("flaky"), kinds(60, 37), 20, 50);
        String good = repo.hash("c0");
        Run pruned = bisect(repo.dir(), "flaky-pruned", "--bad", "main", "--good", good, "--runs", "8");
        Run plain = bisect(repo.dir(), "flaky-plain", "--bad", "main", "--good", good, "--runs", "8", "--no-prune");
        String culprit = repo.hash("c37");
        assertThat(pruned.json().get("culprits").get(0).get("hash").asText()).as(pruned.out()).isEqualTo(culprit);
        assertThat(plain.json().get("culprits").get(0).get("hash").asText()).as(plain.out()).isEqualTo(culprit);
        System.out.printf("generated C repo, flaky (50%%), 64 commits (%d pruned): builds %d with pruning, %d "
                        + "without; runs %d vs %d%n", pruned.json().get("pruned").asInt(),
                pruned.json().get("builds").asInt(), plain.json().get("builds").asInt(),
                pruned.json().get("runs").asInt(), plain.json().get("runs").asInt());
        assertThat(pruned.json().get("builds").asInt()).isLessThanOrEqualTo(plain.json().get("builds").asInt());
    }

    @Test
    void pruningSkipsBuildsAndFindsTheSameCulprit() throws IOException {
        TestRepo.Imported repo = create(tmp.resolve("repo"), kinds(40, 27), 12);
        String good = repo.hash("c0");
        Run pruned = bisect(repo.dir(), "work-pruned", "--bad", "main", "--good", good);
        Run plain = bisect(repo.dir(), "work-plain", "--bad", "main", "--good", good, "--no-prune");
        assertThat(pruned.json().get("verdict").asText()).as(pruned.out()).isEqualTo("found");
        assertThat(plain.json().get("verdict").asText()).as(plain.out()).isEqualTo("found");
        String culprit = repo.hash("c27");
        assertThat(pruned.json().get("culprits").get(0).get("hash").asText()).isEqualTo(culprit);
        assertThat(plain.json().get("culprits").get(0).get("hash").asText()).isEqualTo(culprit);
        assertThat(pruned.out()).containsPattern("pruned \\d+ of 44 commits that cannot change the binary");
        assertThat(pruned.json().get("pruned").asInt()).isGreaterThan(20);
        assertThat(plain.json().get("pruned").asInt()).isZero();
        assertThat(plain.out()).doesNotContain("commits that cannot change the binary");
        int withPruning = pruned.json().get("builds").asInt();
        int without = plain.json().get("builds").asInt();
        System.out.printf("generated C repo, 44 commits (%d pruned): builds %d with pruning, %d without; "
                        + "runs %d vs %d%n", pruned.json().get("pruned").asInt(), withPruning, without,
                pruned.json().get("runs").asInt(), plain.json().get("runs").asInt());
        assertThat(withPruning).isLessThan(without);
        // Resumed from the journal (no build of this process has shown dependencies yet): the same answer.
        Run again = bisect(repo.dir(), "work-pruned", "--bad", "main", "--good", good);
        assertThat(again.json().get("culprits").get(0).get("hash").asText()).as(again.out()).isEqualTo(culprit);
        // Every commit the pruned search tested is relevant.
        Set<String> outside = new java.util.HashSet<>();
        List<Kind> kinds = kinds(40, 27);
        for (int i = 0; i < kinds.size(); i++) {
            if (OUTSIDE.contains(kinds.get(i))) {
                outside.add(repo.hash("c" + (i + 1)));
            }
        }
        for (JsonNode step : pruned.json().get("steps")) {
            if (step.get("phase").asText().equals("search")) {
                assertThat(outside).as(pruned.out()).doesNotContain(step.get("commit").asText());
            }
        }
    }
}
