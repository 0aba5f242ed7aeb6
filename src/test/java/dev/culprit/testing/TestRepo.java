package dev.culprit.testing;

import dev.culprit.common.ProcessResult;
import dev.culprit.common.ProcessSpec;
import dev.culprit.common.Processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Real git repositories for tests, made fast.
 *
 * <p>Two ways to make history:
 * <ul>
 *   <li>small hand-made histories: {@link #init}, then {@link #commit}, {@link #branch}, {@link #checkout},
 *       {@link #merge}, {@link #tag} — each one git command, like a developer would type;</li>
 *   <li>big DAGs in one {@code git fast-import} process: {@link #create(Path, History)} with a {@link History}
 *       of {@link CommitSpec}s (parents, message, author, date, full content of each changed file), tags and
 *       branches. A thousand commits take well under a second.</li>
 * </ul>
 * Either way the repository sets its own author/committer identity and dates (nothing is read from the
 * machine's git config, CI machines have none), commit dates increase one minute per commit unless given, and
 * HEAD is left on a branch with a clean checkout.
 *
 * <p>{@link #userState(Path)} captures what a user would notice changing (HEAD, status, index, stash, refs).
 */
public final class TestRepo {
    public static final String AUTHOR_NAME = "Ada Tester";
    public static final String AUTHOR_EMAIL = "ada@example.com";
    public static final String COMMITTER_NAME = "Culprit Test";
    public static final String COMMITTER_EMAIL = "committer@example.com";
    /** Dates start here (2021-01-11 15:37:07 UTC) and move one minute per commit. */
    public static final Instant EPOCH = Instant.ofEpochSecond(1_610_379_427L);

    /** The environment that cuts the repository off from the machine's git configuration and identity. */
    public static final Map<String, String> ISOLATED_ENV = Map.of(
            "GIT_CONFIG_NOSYSTEM", "1",
            "GIT_CONFIG_GLOBAL", "/dev/null",
            "GIT_TERMINAL_PROMPT", "0",
            "LC_ALL", "C",
            "GIT_PAGER", "cat",
            "GIT_AUTHOR_NAME", AUTHOR_NAME,
            "GIT_AUTHOR_EMAIL", AUTHOR_EMAIL,
            "GIT_COMMITTER_NAME", COMMITTER_NAME,
            "GIT_COMMITTER_EMAIL", COMMITTER_EMAIL);

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final Path dir;
    private final Processes processes = new Processes();
    /** Seconds after EPOCH for the next commit made by the small helpers. */
    private long clock;

    private TestRepo(Path dir, long clock) {
        this.dir = dir;
        this.clock = clock;
    }

    // ---- small hand-made histories ------------------------------------------------------------------------

    /** An empty repository in {@code dir} (created if missing) with HEAD on the unborn branch {@code main}. */
    public static TestRepo init(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestRepo repo = new TestRepo(dir.toAbsolutePath().normalize(), 0);
        repo.git("init", "-q");
        repo.git("symbolic-ref", "HEAD", "refs/heads/main");
        // Local identity too, so that git commands run by code under test (without our env) can commit.
        repo.git("config", "user.name", COMMITTER_NAME);
        repo.git("config", "user.email", COMMITTER_EMAIL);
        repo.git("config", "commit.gpgsign", "false");
        repo.git("config", "tag.gpgsign", "false");
        return repo;
    }

    /** Opens an existing repository made by this class (to add more history). */
    public static TestRepo at(Path dir) {
        TestRepo repo = new TestRepo(dir.toAbsolutePath().normalize(), 0);
        String last = repo.git("log", "-1", "--all", "--format=%ct").strip();
        repo.clock = last.isEmpty() ? 0 : Long.parseLong(last) - EPOCH.getEpochSecond() + 60;
        return repo;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Writes the files (path → full content; a {@code null} content deletes the file), stages them and commits
     * on the current branch. Returns the new commit's full hash. Paths may contain directories.
     */
    public String commit(String message, Map<String, String> files) {
        return commit(message, files, AUTHOR_NAME, AUTHOR_EMAIL);
    }

    public String commit(String message, Map<String, String> files, String authorName, String authorEmail) {
        List<String> paths = new ArrayList<>();
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path file = dir.resolve(e.getKey());
            try {
                if (e.getValue() == null) {
                    Files.deleteIfExists(file);
                } else {
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            paths.add(e.getKey());
        }
        if (!paths.isEmpty()) {
            List<String> add = new ArrayList<>(List.of("add", "-A", "--"));
            add.addAll(paths);
            git(add.toArray(String[]::new));
        }
        Map<String, String> env = nextCommitEnv(authorName, authorEmail);
        gitEnv(env, "commit", "-q", "--allow-empty", "--no-verify", "-m", message);
        return resolve("HEAD");
    }

    /**
     * path, content, path, content, ... as an ordered map; a {@code null} content deletes the file (which
     * {@code Map.of} cannot say).
     */
    public static Map<String, String> files(String... pathsAndContents) {
        if (pathsAndContents.length % 2 != 0) {
            throw new IllegalArgumentException("files() takes path, content pairs");
        }
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            files.put(Objects.requireNonNull(pathsAndContents[i], "path"), pathsAndContents[i + 1]);
        }
        return files;
    }

    /** An empty commit (no file changes): the handiest filler for graph tests. */
    public String commit(String message) {
        return commit(message, Map.of());
    }

    /** Creates branch {@code name} at HEAD without switching to it. */
    public void branch(String name) {
        git("branch", name);
    }

    /** Creates branch {@code name} at {@code rev} without switching to it. */
    public void branch(String name, String rev) {
        git("branch", name, rev);
    }

    /** Switches the checkout to a branch (or detaches at a revision). */
    public void checkout(String rev) {
        git("checkout", "-q", rev);
    }

    /**
     * Merges the given revisions into the current branch with a merge commit (never fast-forward); with more
     * than one revision it is an octopus. Conflicts fail the test: make histories that merge cleanly.
     */
    public String merge(String message, String... revs) {
        List<String> args = new ArrayList<>(List.of("merge", "-q", "--no-ff", "--no-edit", "--no-verify", "-m",
                message));
        args.addAll(Arrays.asList(revs));
        gitEnv(nextCommitEnv(AUTHOR_NAME, AUTHOR_EMAIL), args.toArray(String[]::new));
        return resolve("HEAD");
    }

    /** A lightweight tag at HEAD. */
    public void tag(String name) {
        git("tag", name);
    }

    /** A lightweight tag at {@code rev}. */
    public void tag(String name, String rev) {
        git("tag", name, rev);
    }

    /** An annotated tag at {@code rev}. */
    public void annotatedTag(String name, String rev, String message) {
        gitEnv(nextCommitEnv(AUTHOR_NAME, AUTHOR_EMAIL), "tag", "-a", "-m", message, name, rev);
    }

    public String resolve(String rev) {
        return git("rev-parse", "--verify", rev + "^{commit}").strip();
    }

    /** Runs git in the repository (isolated from the machine's config) and returns stdout; fails on error. */
    public String git(String... args) {
        return gitEnv(Map.of(), args);
    }

    private String gitEnv(Map<String, String> extraEnv, String... args) {
        return run(dir, extraEnv, args);
    }

    private Map<String, String> nextCommitEnv(String authorName, String authorEmail) {
        String date = "@" + (EPOCH.getEpochSecond() + clock) + " +0000";
        clock += 60;
        Map<String, String> env = new HashMap<>();
        env.put("GIT_AUTHOR_NAME", authorName);
        env.put("GIT_AUTHOR_EMAIL", authorEmail);
        env.put("GIT_AUTHOR_DATE", date);
        env.put("GIT_COMMITTER_DATE", date);
        return env;
    }

    private String run(Path cwd, Map<String, String> extraEnv, String... args) {
        List<String> argv = new ArrayList<>(args.length + 1);
        argv.add("git");
        argv.addAll(Arrays.asList(args));
        Map<String, String> env = new HashMap<>(ISOLATED_ENV);
        env.putAll(extraEnv);
        ProcessResult r = processes.run(ProcessSpec.of(cwd, TIMEOUT, argv).withEnv(env));
        if (!r.ok()) {
            throw new IllegalStateException(String.join(" ", argv) + " failed in " + cwd + ": "
                    + r.failureSummary() + "\n" + r.stderr());
        }
        return r.stdout();
    }

    // ---- big DAGs through git fast-import ------------------------------------------------------------------

    /**
     * One commit for {@link History}.
     *
     * @param id      the test's name for it (any string); parents refer to earlier commits by these names
     * @param parents parent ids, first parent first; empty for a root commit
     * @param message commit message
     * @param author  "Name &lt;email&gt;", or null for the default author
     * @param time    author and committer date, or null for EPOCH + one minute per commit in list order
     * @param files   path → full new content, null content = delete. The commit's tree is its first parent's
     *                tree plus these changes: a merge takes nothing from its other parents by itself, so list
     *                the files it brings in (as a real merge result would hold them)
     */
    public record CommitSpec(String id, List<String> parents, String message, String author, Instant time,
                             Map<String, String> files) {
        public CommitSpec {
            Objects.requireNonNull(id, "id");
            parents = List.copyOf(parents);
            Objects.requireNonNull(message, "message");
            files = files == null ? Map.of() : new LinkedHashMap<>(files);
        }

        public static CommitSpec of(String id, List<String> parents, String message, Map<String, String> files) {
            return new CommitSpec(id, parents, message, null, null, files);
        }
    }

    /**
     * A history to import: commits listed parents first, tags and branches by commit id, and the branch
     * that HEAD is left on (it must be one of the branches).
     */
    public static final class History {
        private final List<CommitSpec> commits = new ArrayList<>();
        private final Map<String, String> tags = new LinkedHashMap<>();
        private final Map<String, String> annotatedTags = new LinkedHashMap<>();
        private final Map<String, String> branches = new LinkedHashMap<>();
        private String headBranch = "main";

        public History commit(CommitSpec spec) {
            commits.add(spec);
            return this;
        }

        /** A commit with a message equal to its id. */
        public History commit(String id, List<String> parents, Map<String, String> files) {
            return commit(CommitSpec.of(id, parents, id, files));
        }

        public History commit(String id, List<String> parents, String message, Map<String, String> files) {
            return commit(CommitSpec.of(id, parents, message, files));
        }

        public History tag(String name, String commitId) {
            tags.put(name, commitId);
            return this;
        }

        public History annotatedTag(String name, String commitId) {
            annotatedTags.put(name, commitId);
            return this;
        }

        public History branch(String name, String commitId) {
            branches.put(name, commitId);
            return this;
        }

        /** The branch HEAD is left on; defaults to "main". */
        public History head(String branch) {
            headBranch = branch;
            return this;
        }

        public List<CommitSpec> commits() {
            return List.copyOf(commits);
        }
    }

    /**
     * A random history of {@code n} commits with branches and merges, for property tests. Commit {@code c0} is
     * the root; each later commit {@code ci} continues a random open branch or forks a new one from any earlier
     * commit, and with probability {@code mergeProbability} also merges another branch tip (which then closes).
     * Every commit writes the file {@code f<i % 16>.txt}, so trees differ. Every open tip gets a branch
     * {@code b<j>}; when more than one is open, a final octopus commit {@code top} merges them all. Branch
     * {@code main} (HEAD) is {@code top}, or the single tip, so that every commit is reachable from it.
     * Same seed, same history.
     */
    public static History randomDag(java.util.Random random, int n, double mergeProbability) {
        if (n < 1) {
            throw new IllegalArgumentException("need at least one commit");
        }
        History h = new History();
        List<String> tips = new ArrayList<>();
        h.commit("c0", List.of(), Map.of("f0.txt", "c0\n"));
        tips.add("c0");
        for (int i = 1; i < n; i++) {
            String id = "c" + i;
            List<String> parents = new ArrayList<>();
            int tip;
            if (random.nextDouble() < 0.15) {
                // fork: start a new branch from any earlier commit
                parents.add("c" + random.nextInt(i));
                tip = -1;
            } else {
                tip = random.nextInt(tips.size());
                parents.add(tips.get(tip));
            }
            if (tips.size() > 1 && random.nextDouble() < mergeProbability) {
                int other = random.nextInt(tips.size());
                if (other != tip && !tips.get(other).equals(parents.get(0))) {
                    parents.add(tips.get(other));
                    tips.remove(other);
                    if (tip > other) {
                        tip--;
                    }
                }
            }
            h.commit(id, parents, id + "\n\nrandom commit " + i, Map.of("f" + (i % 16) + ".txt", id + "\n"));
            if (tip >= 0) {
                tips.set(tip, id);
            } else {
                tips.add(id);
            }
        }
        String top = tips.get(0);
        if (tips.size() > 1) {
            top = "top";
            h.commit("top", List.copyOf(tips), "top\n\nmerge all branches", Map.of("top.txt", "top\n"));
        }
        for (int j = 0; j < tips.size(); j++) {
            h.branch("b" + j, tips.get(j));
        }
        h.branch("main", top);
        return h;
    }

    /** A repository created from a {@link History}, with the full hash of each commit id. */
    public record Imported(TestRepo repo, Map<String, String> hashes) {
        public String hash(String id) {
            String h = hashes.get(id);
            if (h == null) {
                throw new IllegalArgumentException("no commit with id " + id);
            }
            return h;
        }

        public Path dir() {
            return repo.dir();
        }
    }

    /** Creates {@code dir} as a new repository holding {@code history}, in one {@code git fast-import} run. */
    public static Imported create(Path dir, History history) {
        if (!history.branches.containsKey(history.headBranch)) {
            if (history.commits.isEmpty()) {
                throw new IllegalArgumentException("history has no commits");
            }
            // No branch named: the last commit listed becomes the head branch's tip.
            history.branches.put(history.headBranch, history.commits.get(history.commits.size() - 1).id());
        }
        TestRepo repo = init(dir);
        Map<String, Integer> marks = new HashMap<>();
        StringBuilder stream = new StringBuilder();
        // fast-import counts "data" in bytes; build the stream in UTF-8 and measure each payload.
        List<byte[]> chunks = new ArrayList<>();
        int n = 0;
        for (CommitSpec c : history.commits) {
            if (marks.containsKey(c.id())) {
                throw new IllegalArgumentException("commit id listed twice: " + c.id());
            }
            n++;
            Instant t = c.time() != null ? c.time() : EPOCH.plusSeconds(60L * (n - 1));
            String who = c.author() != null ? c.author() : AUTHOR_NAME + " <" + AUTHOR_EMAIL + ">";
            // "reset" before every commit: the scratch branch starts empty, so a commit without "from" is a root.
            stream.append("reset refs/heads/culprit-import-scratch\n");
            stream.append("commit refs/heads/culprit-import-scratch\n");
            stream.append("mark :").append(n).append('\n');
            stream.append("author ").append(who).append(' ').append(t.getEpochSecond()).append(" +0000\n");
            stream.append("committer ").append(COMMITTER_NAME).append(" <").append(COMMITTER_EMAIL).append("> ")
                    .append(t.getEpochSecond()).append(" +0000\n");
            appendData(stream, chunks, c.message().endsWith("\n") ? c.message() : c.message() + "\n");
            for (int i = 0; i < c.parents().size(); i++) {
                Integer mark = marks.get(c.parents().get(i));
                if (mark == null) {
                    throw new IllegalArgumentException("commit " + c.id() + ": parent " + c.parents().get(i)
                            + " is not listed before it");
                }
                stream.append(i == 0 ? "from :" : "merge :").append(mark).append('\n');
            }
            for (Map.Entry<String, String> f : c.files().entrySet()) {
                if (f.getValue() == null) {
                    stream.append("D ").append(quotePath(f.getKey())).append('\n');
                } else {
                    stream.append("M 100644 inline ").append(quotePath(f.getKey())).append('\n');
                    appendData(stream, chunks, f.getValue());
                }
            }
            stream.append('\n');
            marks.put(c.id(), n);
        }
        for (Map.Entry<String, String> b : history.branches.entrySet()) {
            stream.append("reset refs/heads/").append(b.getKey()).append('\n')
                    .append("from :").append(mark(marks, b.getValue())).append("\n\n");
        }
        for (Map.Entry<String, String> tag : history.tags.entrySet()) {
            stream.append("reset refs/tags/").append(tag.getKey()).append('\n')
                    .append("from :").append(mark(marks, tag.getValue())).append("\n\n");
        }
        for (Map.Entry<String, String> tag : history.annotatedTags.entrySet()) {
            stream.append("tag ").append(tag.getKey()).append('\n')
                    .append("from :").append(mark(marks, tag.getValue())).append('\n')
                    .append("tagger ").append(COMMITTER_NAME).append(" <").append(COMMITTER_EMAIL).append("> ")
                    .append(EPOCH.getEpochSecond()).append(" +0000\n");
            appendData(stream, chunks, "release " + tag.getKey() + "\n");
        }
        flush(stream, chunks);

        Path gitDir = repo.dir.resolve(".git");
        Path input = gitDir.resolve("culprit-fast-import.stream");
        Path marksFile = gitDir.resolve("culprit-fast-import.marks");
        try {
            try (var out = Files.newOutputStream(input)) {
                for (byte[] chunk : chunks) {
                    out.write(chunk);
                }
            }
            repo.runWithInput(input, "fast-import", "--quiet", "--export-marks=" + marksFile);
            Map<Integer, String> byMark = new HashMap<>();
            for (String line : Files.readAllLines(marksFile)) {
                String[] f = line.split(" ");
                if (f.length == 2 && f[0].startsWith(":")) {
                    byMark.put(Integer.parseInt(f[0].substring(1)), f[1]);
                }
            }
            Files.delete(input);
            Files.delete(marksFile);
            Map<String, String> hashes = new LinkedHashMap<>();
            for (CommitSpec c : history.commits) {
                hashes.put(c.id(), byMark.get(marks.get(c.id())));
            }
            repo.git("update-ref", "-d", "refs/heads/culprit-import-scratch");
            repo.git("symbolic-ref", "HEAD", "refs/heads/" + history.headBranch);
            repo.git("reset", "-q", "--hard");
            repo.clock = 60L * n;
            return new Imported(repo, Map.copyOf(hashes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int mark(Map<String, Integer> marks, String id) {
        Integer m = marks.get(id);
        if (m == null) {
            throw new IllegalArgumentException("no commit with id " + id);
        }
        return m;
    }

    private static void appendData(StringBuilder stream, List<byte[]> chunks, String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        stream.append("data ").append(bytes.length).append('\n');
        flush(stream, chunks);
        chunks.add(bytes);
        stream.append('\n');
    }

    private static void flush(StringBuilder stream, List<byte[]> chunks) {
        if (stream.length() > 0) {
            chunks.add(stream.toString().getBytes(StandardCharsets.UTF_8));
            stream.setLength(0);
        }
    }

    /** fast-import paths with spaces, quotes or newlines need C-style quoting. */
    private static String quotePath(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.contains("\0")) {
            throw new IllegalArgumentException("bad path in test history: " + path);
        }
        if (!path.contains("\"") && !path.contains("\n") && !path.contains("\\") && !path.startsWith(" ")
                && !path.contains(" ")) {
            return path;
        }
        return "\"" + path.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /**
     * Runs git with stdin from a file. {@link Processes} gives children an empty stdin, and fast-import reads
     * its stream from stdin only, so this one call uses ProcessBuilder directly (test support only).
     */
    private void runWithInput(Path input, String... args) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add("git");
        argv.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile())
                .redirectInput(input.toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(ISOLATED_ENV);
        Path log = input.resolveSibling("culprit-fast-import.log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                Processes.killTree(p.toHandle());
                throw new IllegalStateException("git fast-import timed out in " + dir);
            }
        } catch (InterruptedException e) {
            Processes.killTree(p.toHandle());
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        String output = Files.readString(log);
        Files.delete(log);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("git fast-import failed in " + dir + ": " + output);
        }
    }

    // ---- what the user would notice --------------------------------------------------------------------------

    /**
     * What a user sees of their repository: HEAD (symbolic ref and commit), {@code git status --porcelain}
     * (untracked files included), the index ({@code git ls-files -s}, hashed), {@code git stash list} and every
     * ref with its target. Two equal snapshots mean "nothing the user can tell changed".
     */
    public record Snapshot(String headRef, String head, String status, String indexHash, String stash,
                           String refs) {
    }

    public static Snapshot userState(Path repo) {
        TestRepo r = new TestRepo(repo.toAbsolutePath().normalize(), 0);
        // GIT_OPTIONAL_LOCKS=0: looking must not refresh the index and so change what we look at.
        Map<String, String> look = Map.of("GIT_OPTIONAL_LOCKS", "0");
        String headRef = r.runLenient(look, "symbolic-ref", "-q", "HEAD");
        String head = r.runLenient(look, "rev-parse", "-q", "--verify", "HEAD");
        String status = r.run(repo, look, "status", "--porcelain=v1", "--untracked-files=all", "--ignored");
        String index = r.run(repo, look, "ls-files", "-s");
        String stash = r.run(repo, look, "stash", "list");
        String refs = r.run(repo, look, "for-each-ref", "--format=%(refname) %(objectname)");
        return new Snapshot(headRef.strip(), head.strip(), status, sha256(index), stash, refs);
    }

    private String runLenient(Map<String, String> env, String... args) {
        List<String> argv = new ArrayList<>(List.of("git"));
        argv.addAll(Arrays.asList(args));
        Map<String, String> all = new HashMap<>(ISOLATED_ENV);
        all.putAll(env);
        ProcessResult r = processes.run(ProcessSpec.of(dir, TIMEOUT, argv).withEnv(all));
        return r.ok() ? r.stdout() : "";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
