package dev.culprit.vcs;

import dev.culprit.common.BadInputException;
import dev.culprit.common.InfraException;
import dev.culprit.common.ProcessResult;
import dev.culprit.common.ProcessSpec;
import dev.culprit.common.Processes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real {@code git} command line on one repository. Read-only towards the user's repository: nothing here
 * changes its HEAD, index, working tree, stash or refs ({@link Worktree} does the checkouts, elsewhere).
 *
 * <p>Every command goes through {@link Processes} as an argument list (revisions and file names are never
 * spliced into a shell string), with a time limit, {@code LC_ALL=C}, no pager, no terminal prompts, and
 * {@code -c} overrides for the user settings that would change the output we parse or print. Revisions that
 * start with {@code -} are refused before they reach git, where they would be read as options.
 *
 * <p>Thread-safe: immutable.
 */
public final class Git {
    /** Quick plumbing (rev-parse, merge-base, show of one commit). */
    static final Duration SHORT = Duration.ofMinutes(5);
    /** Commands whose cost grows with the repository: rev-list of a big range, checkouts of a kernel tree. */
    static final Duration LONG = Duration.ofMinutes(60);
    /** rev-list of a whole kernel history is ~100 MB; Processes keeps only the tail beyond its cap (and 2 * cap must fit an int). */
    private static final int BIG_OUTPUT = 512 << 20;

    /** Settings of the user's config that change what git prints; pinned for every call. */
    private static final List<String> PINNED_CONFIG = List.of(
            "--no-pager",
            "-c", "color.ui=false",
            "-c", "core.quotepath=off",
            "-c", "log.showSignature=false",
            "-c", "i18n.logOutputEncoding=UTF-8",
            // Checkouts in our worktree must not run the user's hooks (they could touch the user's tree).
            "-c", "core.hooksPath=/dev/null");

    static final Map<String, String> ENV = Map.of(
            "GIT_TERMINAL_PROMPT", "0",
            "LC_ALL", "C",
            "GIT_PAGER", "cat",
            "PAGER", "cat",
            // Read-only commands (status, diff) must not refresh the user's index behind their back.
            "GIT_OPTIONAL_LOCKS", "0");

    private static final Set<String> ADDRESS_TRAILERS = Set.of(
            "signed-off-by", "reviewed-by", "acked-by", "tested-by", "reported-by");
    private static final Pattern TRAILER = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9-]*)\\s*:\\s*(.*)$");
    private static final Pattern ANGLE_ADDRESS = Pattern.compile("<([^<>\\s]+@[^<>\\s]+)>");
    private static final Pattern BARE_ADDRESS = Pattern.compile("^([^<>\\s]+@[^<>\\s]+)$");
    private static final Pattern VERSION = Pattern.compile("git version (\\d+)\\.(\\d+)");

    private final Processes processes;
    private final Path root;
    private final Path gitDir;
    private final Path commonDir;
    private final boolean bare;
    /** {@code --diff-merges} exists since git 2.31; older gits spell "first parent" as {@code -m --first-parent}. */
    private final boolean hasDiffMerges;

    /** A tag and the commit it points to (annotated tags peeled). */
    public record Tag(String name, String commit) {
    }

    private Git(Processes processes, Path root, Path gitDir, Path commonDir, boolean bare, boolean hasDiffMerges) {
        this.processes = processes;
        this.root = root;
        this.gitDir = gitDir;
        this.commonDir = commonDir;
        this.bare = bare;
        this.hasDiffMerges = hasDiffMerges;
    }

    /**
     * Opens the repository that contains {@code dir} (its top level when {@code dir} is a subdirectory).
     *
     * @throws BadInputException "not a git repository: DIR" when it is not in one
     * @throws InfraException    when git itself cannot be run
     */
    public static Git open(Path dir) {
        Processes processes = new Processes();
        Path abs = dir.toAbsolutePath().normalize();
        boolean diffMerges = checkGitVersion(processes, abs);
        if (!Files.isDirectory(abs)) {
            throw new BadInputException("not a git repository: " + dir + " (no such directory)");
        }
        ProcessResult r = processes.run(spec(abs, SHORT,
                List.of("rev-parse", "--absolute-git-dir", "--git-common-dir", "--is-bare-repository")));
        if (!r.started()) {
            throw new InfraException("cannot run git: " + r.startError());
        }
        if (!r.ok()) {
            String why = firstLine(r.stderr());
            if (why.contains("not a git repository")) {
                throw new BadInputException("not a git repository: " + dir);
            }
            throw new BadInputException("cannot use " + dir + " as a git repository: " + why);
        }
        List<String> lines = r.stdout().lines().toList();
        if (lines.size() < 3) {
            throw new InfraException("git rev-parse printed unexpected output in " + dir + ": " + r.stdout().strip());
        }
        Path gitDir = Path.of(lines.get(0));
        Path commonDir = abs.resolve(lines.get(1)).normalize();
        boolean bare = lines.get(2).strip().equals("true");
        Path root;
        if (bare) {
            root = gitDir;
        } else {
            ProcessResult top = processes.run(spec(abs, SHORT, List.of("rev-parse", "--show-toplevel")));
            if (!top.ok() || top.stdout().isBlank()) {
                // Inside the .git directory itself: there is no working tree to speak of.
                throw new BadInputException("not a git repository: " + dir
                        + " (inside a .git directory; pass the repository's top directory)");
            }
            root = Path.of(top.stdout().strip());
        }
        return new Git(processes, root, gitDir, commonDir, bare, diffMerges);
    }

    private static boolean checkGitVersion(Processes processes, Path dir) {
        // Run from a directory that surely exists, so that a missing --repo is not taken for a missing git.
        Path cwd = Files.isDirectory(dir) ? dir : Path.of(System.getProperty("java.io.tmpdir"));
        ProcessResult r = processes.run(spec(cwd, SHORT, List.of("--version")));
        if (!r.started()) {
            throw new InfraException("git is not installed or not on PATH (" + r.startError()
                    + "): install git 2.17 or newer");
        }
        Matcher m = VERSION.matcher(r.stdout());
        if (!r.ok() || !m.find()) {
            throw new InfraException("cannot run git --version: " + r.failureSummary());
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major < 2 || (major == 2 && minor < 17)) {
            throw new InfraException("git " + major + "." + minor + " is too old: culprit needs git 2.17 or newer");
        }
        return major > 2 || minor >= 31;
    }

    /** The top directory of the repository's working tree (the git directory for a bare repository). */
    public Path root() {
        return root;
    }

    /** The repository's own git directory (for a linked worktree: that worktree's). */
    public Path gitDir() {
        return gitDir;
    }

    /** The git directory shared by all worktrees of the repository. */
    public Path commonDir() {
        return commonDir;
    }

    public boolean isBare() {
        return bare;
    }

    /**
     * The full hash of the commit {@code rev} names ({@code rev^{commit}}: tags are peeled).
     *
     * @throws BadInputException when the revision is unknown, ambiguous, not a commit, or looks like an option
     */
    public String resolve(String rev) {
        checkRevision(rev);
        ProcessResult r = run(root, SHORT, List.of("rev-parse", "--verify", rev + "^{commit}"));
        if (r.ok()) {
            return r.stdout().strip();
        }
        failIfNotStarted(r);
        if (r.stderr().contains("ambiguous")) {
            throw new BadInputException("ambiguous revision '" + rev + "' in " + root
                    + ": give more hex digits or a full hash");
        }
        throw new BadInputException("unknown revision '" + rev + "' in " + root
                + ": give a branch, tag or commit hash that exists there");
    }

    /** HEAD of the repository, as a full hash. */
    public String head() {
        return resolve("HEAD");
    }

    /** True when {@code ancestor} is an ancestor of {@code descendant} (a commit is its own ancestor). */
    public boolean isAncestor(String ancestor, String descendant) {
        checkRevision(ancestor);
        checkRevision(descendant);
        ProcessResult r = run(root, SHORT, List.of("merge-base", "--is-ancestor", ancestor, descendant));
        if (r.ok()) {
            return true;
        }
        if (r.started() && !r.timedOut() && r.exitCode() == 1) {
            return false;
        }
        throw new InfraException("git merge-base --is-ancestor " + ancestor + " " + descendant + " failed in "
                + root + ": " + r.failureSummary());
    }

    /**
     * The commits reachable from {@code newEnd} and from none of {@code oldEnds}, with their parents, in git's
     * own default order ({@code git rev-list --parents}, no {@code --topo-order}): the engine's midpoint must
     * equal {@code git rev-list --bisect}, which walks in this order.
     */
    public CommitGraph graph(String newEnd, List<String> oldEnds) {
        return CommitGraph.parseRevList(overRange("rev-list", List.of("rev-list", "--parents"), newEnd, oldEnds));
    }

    /**
     * The output of a git command over the commits reachable from {@code newEnd} and none of {@code oldEnds}
     * ({@code command newEnd ^old... --}), which may be large.
     */
    private String overRange(String name, List<String> command, String newEnd, List<String> oldEnds) {
        checkRevision(newEnd);
        List<String> args = new ArrayList<>(command);
        args.add(newEnd);
        for (String old : oldEnds) {
            checkRevision(old);
            args.add("^" + old);
        }
        args.add("--");
        ProcessResult r = processes.run(new ProcessSpec(command(args), root, ENV, LONG, false, Optional.empty(),
                BIG_OUTPUT));
        if (!r.ok()) {
            failIfNotStarted(r);
            throw new InfraException("git " + name + " failed in " + root + ": " + r.failureSummary());
        }
        if (r.truncated()) {
            throw new InfraException("git " + name + " printed more than " + (BIG_OUTPUT >> 20)
                    + " MB in " + root + ": the range " + newEnd + " minus " + oldEnds + " is too large");
        }
        return r.stdout();
    }

    /**
     * Tags matching {@code glob} (as {@code git tag --list} matches it) whose commit is an ancestor of
     * {@code commit} or the commit itself ({@code git tag --merged}), each with the commit it points to.
     * Tags of trees or blobs are left out. Order: git's (by name); sort them yourself.
     */
    public List<Tag> tagsMerged(String commit, String glob) {
        checkRevision(commit);
        if (glob.isEmpty() || glob.startsWith("-")) {
            throw new BadInputException("bad tag pattern '" + glob + "': give a glob such as 'v*'");
        }
        // One process for all tags: the peeled object (%(*objectname)) is the commit of an annotated tag.
        ProcessResult r = run(root, SHORT, List.of("tag", "--list", "--merged", commit,
                "--format=%(refname:strip=2)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)",
                glob));
        if (!r.ok()) {
            throw new InfraException("git tag --merged " + commit + " failed in " + root + ": "
                    + r.failureSummary());
        }
        List<Tag> tags = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\0", -1);
            if (f.length < 5) {
                continue;
            }
            if (f[1].equals("commit")) {
                tags.add(new Tag(f[0], f[2]));
            } else if (f[1].equals("tag") && f[3].equals("commit")) {
                tags.add(new Tag(f[0], f[4]));
            } else if (f[1].equals("tag")) {
                // A tag of a tag: let git peel it all the way.
                try {
                    tags.add(new Tag(f[0], resolve("refs/tags/" + f[0])));
                } catch (BadInputException notACommit) {
                    // a tag of a tree or blob has no place in a commit range
                }
            }
        }
        return List.copyOf(tags);
    }

    /** Author, dates, message, parents and trailer addresses of one commit. */
    public CommitInfo info(String hash) {
        checkRevision(hash);
        ProcessResult r = run(root, SHORT, List.of("show", "--no-patch", "--no-notes", "--date=default",
                "--format=%H%x00%an%x00%ae%x00%ad%x00%ct%x00%P%x00%s%x00%(trailers:only,unfold)%x00%B",
                hash + "^{commit}", "--"));
        if (!r.ok()) {
            failIfNotStarted(r);
            throw new InfraException("git show " + hash + " failed in " + root + ": " + r.failureSummary());
        }
        String[] f = r.stdout().split("\0", 9);
        if (f.length < 9) {
            throw new InfraException("git show " + hash + " printed unexpected output in " + root);
        }
        List<String> parents = f[5].isBlank() ? List.of() : List.of(f[5].strip().split(" "));
        return new CommitInfo(f[0].strip(), f[1], f[2], f[3], Instant.ofEpochSecond(Long.parseLong(f[4].strip())),
                f[6], stripTrailingNewlines(f[8]), parents, trailerEmails(f[7]));
    }

    static List<String> trailerEmails(String trailers) {
        Set<String> emails = new LinkedHashSet<>();
        for (String line : trailers.split("\n")) {
            Matcher m = TRAILER.matcher(line.strip());
            if (!m.matches() || !ADDRESS_TRAILERS.contains(m.group(1).toLowerCase(Locale.ROOT))) {
                continue;
            }
            String value = m.group(2).strip();
            Matcher angle = ANGLE_ADDRESS.matcher(value);
            if (angle.find()) {
                emails.add(angle.group(1));
                continue;
            }
            Matcher bare = BARE_ADDRESS.matcher(value);
            if (bare.matches()) {
                emails.add(bare.group(1));
            }
        }
        return List.copyOf(emails);
    }

    /**
     * The text {@code git bisect} prints after "&lt;hash&gt; is the first bad commit": {@code commit <hash>},
     * {@code Author:}, {@code Date:}, the indented message, a blank line, then the diffstat and summary
     * (create/delete/mode lines). A merge is shown against its first parent, a root commit against the empty
     * tree. No trailing newline.
     */
    public String describeCulprit(String hash) {
        checkRevision(hash);
        List<String> args = new ArrayList<>(List.of("-c", "log.showRoot=true", "show", "--pretty=medium",
                "--stat", "--summary", "--no-abbrev-commit", "--no-decorate", "--date=default"));
        if (hasDiffMerges) {
            args.add("--diff-merges=first-parent");
        } else {
            args.addAll(List.of("-m", "--first-parent"));
        }
        args.addAll(List.of(hash + "^{commit}", "--"));
        ProcessResult r = run(root, SHORT, args);
        if (!r.ok()) {
            failIfNotStarted(r);
            throw new InfraException("git show " + hash + " failed in " + root + ": " + r.failureSummary());
        }
        return stripTrailingNewlines(r.stdout());
    }

    /**
     * The text of {@code path} in {@code commit}'s tree, and the same in its first parent's; empty when either is
     * missing (an added or deleted file, a root commit), is not valid UTF-8 text, or is too large to compare.
     */
    public Optional<List<String>> textBeforeAndAfter(String commit, String path) {
        checkRevision(commit);
        Optional<String> before = text(commit + "^", path); // the first parent; a root commit has none
        Optional<String> after = before.isEmpty() ? Optional.empty() : text(commit, path);
        return after.map(a -> List.of(before.get(), a));
    }

    /** Files compared by content at most this large: far above any source file, far below the capture limit. */
    private static final int MAX_COMPARED_FILE = 4 << 20;

    private Optional<String> text(String commit, String path) {
        ProcessResult r = run(root, SHORT, List.of("cat-file", "blob", commit + ":" + path));
        if (!r.ok() || r.stdout().length() > MAX_COMPARED_FILE || r.stdout().indexOf('\uFFFD') >= 0) {
            return Optional.empty();
        }
        return Optional.of(r.stdout());
    }

    /**
     * The path of the commit's tree that an absolute path from a build names: user-space crash reports print where
     * the file was compiled (a worktree somewhere), so the longest tail of the path that is a file of the tree is
     * taken. A relative path is returned as it is; empty when no tail is in the tree.
     */
    public Optional<String> pathInTree(String commit, String path) {
        checkRevision(commit);
        if (!path.startsWith("/")) {
            return Optional.of(path);
        }
        String tail = path;
        while (true) {
            int slash = tail.indexOf('/');
            if (slash < 0) {
                return Optional.empty();
            }
            tail = tail.substring(slash + 1);
            if (!tail.isEmpty() && run(root, SHORT, List.of("cat-file", "-e", commit + ":" + tail)).ok()) {
                return Optional.of(tail);
            }
        }
    }

    /**
     * Paths the commit changed against its first parent (every file of its tree for a root commit), each once,
     * renames as a deletion plus an addition.
     */
    public List<String> changedFiles(String hash) {
        checkRevision(hash);
        List<String> parents = info(hash).parents();
        List<String> args = parents.isEmpty()
                ? List.of("ls-tree", "-r", "-z", "--name-only", "--full-tree", hash + "^{commit}")
                : List.of("diff-tree", "-r", "-z", "--name-only", "--no-renames", "--no-commit-id",
                        parents.get(0), hash + "^{commit}", "--");
        ProcessResult r = run(root, LONG, args);
        if (!r.ok()) {
            failIfNotStarted(r);
            throw new InfraException("git " + args.get(0) + " " + hash + " failed in " + root + ": "
                    + r.failureSummary());
        }
        return List.copyOf(pathList(r.stdout()));
    }

    /** The paths of a {@code -z} name listing ({@code --name-only -z}), each once, in the order given. */
    static LinkedHashSet<String> pathList(String zOutput) {
        LinkedHashSet<String> paths = new LinkedHashSet<>();
        for (String name : zOutput.split("\0")) {
            if (!name.isEmpty()) {
                paths.add(name);
            }
        }
        return paths;
    }

    /**
     * The paths each commit of {@code newEnd ^oldEnds...} changed, as {@link #changedFiles} gives them for one
     * commit (a merge against its first parent, a root commit its whole tree, renames as a deletion plus an
     * addition), for the whole range in one {@code git log}: much faster than one call per commit.
     */
    public Map<String, List<String>> changedFilesInRange(String newEnd, List<String> oldEnds) {
        List<String> args = new ArrayList<>(List.of("-c", "log.showRoot=true", "log", "-z", "--format=%x01%H",
                "--name-only", "--no-renames", "--no-color"));
        // Without --diff-merges (git < 2.31), -m shows a merge once per parent, the first parent first.
        args.add(hasDiffMerges ? "--diff-merges=first-parent" : "-m");
        return parseChangedFiles(overRange("log", args, newEnd, oldEnds));
    }

    /** Parses {@code git log -z --format=%x01%H --name-only}: a header token per commit, then its paths. */
    static Map<String, List<String>> parseChangedFiles(String out) {
        Map<String, LinkedHashSet<String>> changed = new java.util.LinkedHashMap<>();
        LinkedHashSet<String> current = null;
        for (String token : out.split("\0")) {
            String t = token.startsWith("\n") ? token.substring(1) : token;
            if (t.startsWith("\u0001") && isHash(t.substring(1))) {
                String hash = t.substring(1);
                // -m shows a merge again for each further parent: keep its first (first-parent) block only
                current = changed.containsKey(hash) ? null : new LinkedHashSet<>();
                if (current != null) {
                    changed.put(hash, current);
                }
            } else if (!t.isEmpty() && current != null) {
                current.add(t);
            }
        }
        Map<String, List<String>> result = new java.util.LinkedHashMap<>();
        changed.forEach((hash, files) -> result.put(hash, List.copyOf(files)));
        return result;
    }

    private static boolean isHash(String s) {
        if (s.length() != 40 && s.length() != 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    // ---- plumbing shared with Worktree -------------------------------------------------------------------

    /** Runs git with the pinned settings in {@code dir}. */
    ProcessResult run(Path dir, Duration timeout, List<String> args) {
        return processes.run(spec(dir, timeout, args));
    }

    /** Runs git with the pinned settings in {@code dir}, with more environment variables set. */
    ProcessResult run(Path dir, Duration timeout, List<String> args, Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(ENV);
        all.putAll(env);
        return processes.run(ProcessSpec.of(dir, timeout, command(args)).withEnv(all));
    }

    /** Runs git and returns its standard output, or throws InfraException describing the failure. */
    String runOk(Path dir, Duration timeout, List<String> args) {
        ProcessResult r = run(dir, timeout, args);
        if (!r.ok()) {
            throw new InfraException("git " + String.join(" ", args) + " failed in " + dir + ": "
                    + r.failureSummary());
        }
        return r.stdout();
    }

    private static ProcessSpec spec(Path dir, Duration timeout, List<String> args) {
        return ProcessSpec.of(dir, timeout, command(args)).withEnv(ENV);
    }

    private static List<String> command(List<String> args) {
        List<String> argv = new ArrayList<>(1 + PINNED_CONFIG.size() + args.size());
        argv.add("git");
        argv.addAll(PINNED_CONFIG);
        argv.addAll(args);
        return argv;
    }

    /** Revisions come from users and files; one that starts with '-' would be taken for an option. */
    static void checkRevision(String rev) {
        if (rev == null || rev.isBlank()) {
            throw new BadInputException("empty revision: give a branch, tag or commit hash");
        }
        if (rev.startsWith("-")) {
            throw new BadInputException("bad revision '" + rev + "': revisions must not start with '-'");
        }
        if (rev.indexOf('\0') >= 0 || rev.indexOf('\n') >= 0) {
            throw new BadInputException("bad revision '" + rev.replace("\n", "\\n").replace("\0", "\\0")
                    + "': give a branch, tag or commit hash");
        }
    }

    private static void failIfNotStarted(ProcessResult r) {
        if (!r.started()) {
            throw new InfraException("cannot run git: " + r.startError());
        }
        if (r.timedOut()) {
            throw new InfraException("git timed out: " + r.failureSummary());
        }
    }

    private static String firstLine(String text) {
        return text.strip().lines().findFirst().orElse("").replaceFirst("^fatal: ", "");
    }

    private static String stripTrailingNewlines(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    @Override
    public String toString() {
        return "Git[" + root + "]";
    }
}
