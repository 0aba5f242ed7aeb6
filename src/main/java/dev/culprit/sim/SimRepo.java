package dev.culprit.sim;

import dev.culprit.common.BadInputException;
import dev.culprit.common.InfraException;
import dev.culprit.common.ProcessResult;
import dev.culprit.common.ProcessSpec;
import dev.culprit.common.Processes;
import dev.culprit.vcs.CommitGraph;
import dev.culprit.vcs.Git;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Simulated histories and real git repositories, both ways: {@link #write} turns a {@link SimDag} into a bare
 * repository of the same shape (one {@code git fast-import} run, empty trees, commit dates in creation order so
 * that git lists the commits in the graph's order), and {@link #load} reads a repository's history into a
 * {@link SimDag} ({@code git rev-list --parents} through {@link Git}) so that a scenario can place its truth
 * on real history.
 */
public final class SimRepo {
    /** Commit dates: one minute per commit in creation order from here. */
    static final long EPOCH = 1_600_000_000L;
    /** Release tags a loaded repository contributes (git's glob, as {@code --release-pattern} takes it). */
    static final String RELEASE_GLOB = "v*";

    /** Cut off from the machine's git configuration and identity. */
    static final Map<String, String> ENV = Map.of(
            "GIT_CONFIG_NOSYSTEM", "1",
            "GIT_CONFIG_GLOBAL", "/dev/null",
            "GIT_TERMINAL_PROMPT", "0",
            "LC_ALL", "C",
            "GIT_AUTHOR_NAME", "Culprit Sim",
            "GIT_AUTHOR_EMAIL", "sim@example.org",
            "GIT_COMMITTER_NAME", "Culprit Sim",
            "GIT_COMMITTER_EMAIL", "sim@example.org");

    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private SimRepo() {
    }

    /**
     * A repository written from a simulated history.
     *
     * @param dir    its (bare) git directory
     * @param hashes the git hash of each commit of the history, by graph index
     */
    public record Written(Path dir, String[] hashes) {
        /** The git hash of graph commit {@code i}. */
        public String hash(int i) {
            return hashes[i];
        }
    }

    /**
     * Writes {@code dag} as a new bare repository at {@code dir} (which must not exist or be empty): branch
     * {@code main} at the tip, a lightweight tag for every tag of the history, empty trees.
     */
    public static Written write(SimDag dag, Path dir) {
        Processes processes = new Processes();
        try {
            Files.createDirectories(dir);
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new BadInputException("will not write a repository into " + dir + ": it is not empty");
                }
            }
            git(processes, dir, "init", "-q", "--bare");
            git(processes, dir, "symbolic-ref", "HEAD", "refs/heads/main");
            Path stream = dir.resolve("culprit-sim.stream");
            Path marks = dir.resolve("culprit-sim.marks");
            writeStream(dag, stream);
            fastImport(dir, stream, marks);
            int n = dag.size();
            String[] byMark = new String[n + 1];
            for (String line : Files.readAllLines(marks)) {
                String[] f = line.split(" ");
                if (f.length == 2 && f[0].startsWith(":")) {
                    byMark[Integer.parseInt(f[0].substring(1))] = f[1];
                }
            }
            String[] hashes = new String[n];
            for (int c = 0; c < n; c++) {
                hashes[c] = byMark[dag.order(c) + 1];
                if (hashes[c] == null) {
                    throw new InfraException("git fast-import in " + dir + " did not report commit :" + (dag.order(c) + 1));
                }
            }
            Files.delete(stream);
            Files.delete(marks);
            return new Written(dir, hashes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fast-import stream: commits in creation order, mark = rank + 1; then the branch and the tags. */
    private static void writeStream(SimDag dag, Path file) throws IOException {
        CommitGraph g = dag.graph();
        int n = dag.size();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            StringBuilder sb = new StringBuilder(256);
            for (int r = 0; r < n; r++) {
                int c = dag.byOrder(r);
                int[] ps = g.parents(c);
                sb.setLength(0);
                if (ps.length == 0) {
                    sb.append("reset refs/heads/main\n"); // no "from": a root, whatever the branch held
                }
                long t = EPOCH + 60L * r;
                sb.append("commit refs/heads/main\nmark :").append(r + 1).append('\n');
                sb.append("author Culprit Sim <sim@example.org> ").append(t).append(" +0000\n");
                sb.append("committer Culprit Sim <sim@example.org> ").append(t).append(" +0000\n");
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                byte[] msg = (dag.subject(c).replace("\n", " ") + "\n").getBytes(StandardCharsets.UTF_8);
                out.write(("data " + msg.length + "\n").getBytes(StandardCharsets.UTF_8));
                out.write(msg);
                sb.setLength(0);
                // Parents in the graph's order (first parent first); every parent of a generated history is in it.
                List<String> parentHashes = g.parentHashes(c);
                if (ps.length != parentHashes.size()) {
                    throw new IllegalArgumentException("commit " + dag.hash(c) + " has parents outside the history");
                }
                for (int i = 0; i < parentHashes.size(); i++) {
                    int p = g.indexOf(parentHashes.get(i));
                    sb.append(i == 0 ? "from :" : "merge :").append(dag.order(p) + 1).append('\n');
                }
                sb.append('\n');
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            }
            sb.setLength(0);
            sb.append("reset refs/heads/main\nfrom :").append(dag.order(dag.tip()) + 1).append("\n\n");
            for (Map.Entry<Integer, List<String>> e : dag.tags().entrySet()) {
                for (String name : e.getValue()) {
                    sb.append("reset refs/tags/").append(name).append("\nfrom :").append(dag.order(e.getKey()) + 1)
                            .append("\n\n");
                }
            }
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** {@link Processes} gives children an empty stdin; fast-import reads its stream from stdin only. */
    private static void fastImport(Path dir, Path stream, Path marks) throws IOException {
        Path log = dir.resolve("culprit-sim.log");
        ProcessBuilder pb = new ProcessBuilder(List.of("git", "fast-import", "--quiet", "--export-marks=" + marks))
                .directory(dir.toFile())
                .redirectInput(stream.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(ENV);
        Process p = pb.start();
        try {
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                Processes.killTree(p.toHandle());
                throw new InfraException("git fast-import timed out in " + dir);
            }
        } catch (InterruptedException e) {
            Processes.killTree(p.toHandle());
            Thread.currentThread().interrupt();
            throw new InfraException("interrupted while git fast-import ran in " + dir);
        }
        String output = Files.readString(log);
        Files.delete(log);
        if (p.exitValue() != 0) {
            throw new InfraException("git fast-import failed in " + dir + ": " + output.strip());
        }
    }

    private static String git(Processes processes, Path dir, String... args) {
        List<String> argv = new ArrayList<>(args.length + 1);
        argv.add("git");
        argv.addAll(List.of(args));
        ProcessResult r = processes.run(ProcessSpec.of(dir, TIMEOUT, argv).withEnv(ENV));
        if (!r.ok()) {
            throw new InfraException("git " + String.join(" ", args) + " failed in " + dir + ": " + r.failureSummary());
        }
        return r.stdout();
    }

    /**
     * The history of {@code shape.rev()} in the repository {@code shape.repo()}: every commit it reaches, with
     * its parents, newest first as {@code git rev-list --parents} lists them, and its release tags
     * ({@value #RELEASE_GLOB}). Creation order is the commit-date order when that is topological (it is for
     * histories without clock skew), else a topological order derived from the graph. Subjects are read from git
     * when asked for (the log of a trial names only the commits it tests).
     */
    public static SimDag load(Scenario.Dag shape) {
        if (shape.repo() == null) {
            throw new IllegalArgumentException("the scenario names no repository");
        }
        Git git = Git.open(Path.of(shape.repo()));
        String tip = git.resolve(shape.rev());
        CommitGraph graph = git.graph(tip, List.of());
        if (graph.size() < 2) {
            throw new BadInputException("repository " + shape.repo() + " at " + shape.rev()
                    + " has fewer than 2 commits: nothing to bisect");
        }
        Map<String, Integer> tags = new HashMap<>();
        for (Git.Tag t : git.tagsMerged(tip, RELEASE_GLOB)) {
            int idx = graph.indexOf(t.commit());
            if (idx >= 0) {
                tags.put(t.name(), idx);
            }
        }
        int n = graph.size();
        int[] order = new int[n];
        boolean topological = true;
        for (int c = 0; c < n && topological; c++) {
            order[c] = n - 1 - c;
            for (int p : graph.parents(c)) {
                if (p <= c) {
                    topological = false;
                    break;
                }
            }
        }
        Map<Integer, String> subjects = new ConcurrentHashMap<>();
        return new SimDag(graph, topological ? order : null, tags,
                i -> subjects.computeIfAbsent(i, k -> git.info(graph.hash(k)).subject()));
    }
}
