package dev.culprit.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The source files a build's artifact depends on, as paths relative to the checkout ({@code a/b.c}, '/'
 * separated), and the rule that says whether a changed path can change the artifact ({@link #relevant}).
 *
 * <p>Where the dependencies come from, after a successful build: compiler dependency files ({@code gcc -MD} /
 * {@code -MMD} {@code .d} files) and kbuild's {@code .cmd} files ({@code source_} and {@code deps_} lists) found
 * in the build tree, plus files the user names ({@code --deps-from GLOB}, each file in make's dependency syntax or
 * one path per line). No such file, or one that cannot be read or parsed: the dependencies are unknown
 * ({@link #collect} returns empty) and nothing may be pruned.
 *
 * <p>A path is relevant when it is a dependency; when it steers the build itself (Kconfig*, Makefile*, Kbuild*,
 * build scripts, linker scripts, configs, the arch toolchain files, the files the build and test commands name);
 * or when it sits in a directory that holds a dependency but was seen in no build tree (a file deleted in the
 * range may have been compiled before its deletion, by a wildcard or a Makefile line deleted with it).
 */
public final class DependencySet implements java.util.function.Predicate<String> {
    /** Steering file names, matched against the last path segment. */
    private static final List<String> STEERING_NAMES = List.of("Kconfig*", "Makefile*", "makefile*",
            "GNUmakefile", "Kbuild*", "*.mk", "*.mak", "CMakeLists.txt", "*.cmake", "meson.build",
            "meson_options.txt", "meson.options", "configure", "configure.ac", "configure.in", "*.lds", "*.lds.S",
            "*.ld", "*defconfig", "*.config", ".config", "localversion*");
    /** Steering directories (anything below them): build scripts, host tools run during the build, configs. */
    private static final List<String> STEERING_DIRS = List.of("scripts/**", "arch/*/tools/**",
            "arch/*/configs/**", "arch/*/scripts/**", "kernel/configs/**", "tools/objtool/**", "tools/build/**",
            "tools/include/**", "tools/arch/**", "tools/lib/**", "tools/scripts/**", "cmake/**", "build-aux/**");
    private static final Pattern SHELL_SPLIT = Pattern.compile("[\\s;&|()<>`=,]+");

    private final Set<String> files;
    private final Set<String> dirs;
    private final Set<String> seen;
    private final List<String> extraPatterns;
    private final List<PathMatcher> steeringNames;
    private final List<PathMatcher> steeringPaths;

    private DependencySet(Set<String> files, Set<String> seen, List<String> extraPatterns) {
        this.files = Set.copyOf(files);
        Set<String> d = new HashSet<>();
        for (String f : files) {
            d.add(parent(f));
        }
        this.dirs = Set.copyOf(d);
        this.seen = Set.copyOf(seen);
        this.extraPatterns = List.copyOf(new LinkedHashSet<>(extraPatterns));
        this.steeringNames = STEERING_NAMES.stream().map(DependencySet::glob).toList();
        List<PathMatcher> paths = new ArrayList<>();
        STEERING_DIRS.forEach(g -> paths.add(glob(g)));
        this.extraPatterns.forEach(g -> paths.add(glob(g)));
        this.steeringPaths = List.copyOf(paths);
    }

    /**
     * A set made of known parts (tests, other collectors).
     *
     * @param files         dependency paths relative to the checkout
     * @param seen          paths present in the build tree (for the deleted-file rule); may be empty
     * @param extraPatterns further always-relevant globs relative to the checkout (the commands' inputs, a config)
     */
    public static DependencySet of(Collection<String> files, Collection<String> seen, List<String> extraPatterns) {
        Set<String> f = new HashSet<>();
        for (String p : files) {
            f.add(clean(p));
        }
        return new DependencySet(f, new HashSet<>(seen), extraPatterns);
    }

    /** The dependency paths (relative to the checkout). */
    public Set<String> files() {
        return files;
    }

    /** The always-relevant globs besides the built-in steering rules. */
    public List<String> extraPatterns() {
        return extraPatterns;
    }

    /** Whether a change to {@code path} (relative to the checkout) may change the artifact. */
    public boolean relevant(String path) {
        String p = clean(path);
        if (files.contains(p)) {
            return true;
        }
        Path asPath = Path.of(p);
        Path name = asPath.getFileName();
        if (name != null) {
            for (PathMatcher m : steeringNames) {
                if (m.matches(name)) {
                    return true;
                }
            }
        }
        for (PathMatcher m : steeringPaths) {
            if (m.matches(asPath)) {
                return true;
            }
        }
        return dirs.contains(parent(p)) && !seen.contains(p);
    }

    @Override
    public boolean test(String path) {
        return relevant(path);
    }

    /** Both sets at once: what either build depends on (dependencies only grow). */
    public DependencySet union(DependencySet other) {
        if (other == this || other.files.equals(files) && other.seen.equals(seen)
                && other.extraPatterns.equals(extraPatterns)) {
            return this;
        }
        Set<String> f = new HashSet<>(files);
        f.addAll(other.files);
        Set<String> s = new HashSet<>(seen);
        s.addAll(other.seen);
        List<String> e = new ArrayList<>(extraPatterns);
        e.addAll(other.extraPatterns);
        return new DependencySet(f, s, e);
    }

    /** Whether {@code other} adds nothing to this set's relevant paths (same dependencies and patterns). */
    public boolean covers(DependencySet other) {
        return files.containsAll(other.files) && extraPatterns.containsAll(other.extraPatterns);
    }

    @Override
    public String toString() {
        return "DependencySet[" + files.size() + " files, " + extraPatterns.size() + " patterns]";
    }

    // ---- collecting ------------------------------------------------------------------------------------------

    /**
     * What to collect besides the dependency files found in the build tree.
     *
     * @param depsFrom      globs (relative to the checkout) of files listing dependencies ({@code --deps-from})
     * @param commands      the build and test commands: the paths they name are relevant (a glob such as
     *                      {@code *.c} as a pattern)
     * @param extraPatterns further always-relevant globs (a config file inside the tree, say)
     */
    public record Spec(List<String> depsFrom, List<String> commands, List<String> extraPatterns) {
        public Spec {
            depsFrom = List.copyOf(depsFrom);
            commands = List.copyOf(commands);
            extraPatterns = List.copyOf(extraPatterns);
        }
    }

    /**
     * Collects the dependencies of the build that just finished in {@code checkout} (sources) and
     * {@code buildTree} (objects, dependency files; often the same directory). Empty when nothing says what the
     * artifact depends on, or what does cannot be read.
     */
    public static Optional<DependencySet> collect(Path checkout, Path buildTree, Spec spec) {
        return collect(checkout, buildTree, spec, Long.MIN_VALUE);
    }

    /**
     * As {@link #collect(Path, Path, Spec)}, reading only dependency files modified at or after {@code sinceMillis}
     * (the others were read before): a kernel build rewrites the {@code .cmd} files of what it recompiled only.
     * The answer is then what those files add; still empty when no dependency file exists at all.
     */
    static Optional<DependencySet> collect(Path checkout, Path buildTree, Spec spec, long sinceMillis) {
        Path root = checkout.toAbsolutePath().normalize();
        Path build = buildTree.toAbsolutePath().normalize();
        Set<String> deps = new HashSet<>();
        Set<String> seen = new HashSet<>();
        List<PathMatcher> depsFrom = spec.depsFrom().stream().map(DependencySet::glob).toList();
        List<Path> depFiles = new ArrayList<>();
        List<Path> listFiles = new ArrayList<>();
        java.util.Map<Path, List<String>> resolved = new java.util.HashMap<>();
        try {
            walk(root, root, seen, depsFrom, depFiles, listFiles);
            if (!build.equals(root)) {
                walk(build, root, new HashSet<>(), List.of(), depFiles, new ArrayList<>());
            }
            for (Path f : depFiles) {
                if (Files.getLastModifiedTime(f).toMillis() < sinceMillis) {
                    continue;
                }
                String text = Files.readString(f, StandardCharsets.UTF_8);
                boolean kbuild = f.getFileName().toString().endsWith(".cmd");
                Collection<String> raw = kbuild ? parseKbuildCmd(text) : parseMakeDeps(text);
                if (raw == null) {
                    return Optional.empty(); // a dependency file we cannot read: the dependencies are unknown
                }
                for (String p : raw) {
                    deps.addAll(resolve(p, root, build, f.getParent(), resolved));
                }
                if (kbuild) {
                    // Inputs a command names without a deps_ list (a syscall table, an awk map, a shipped file).
                    for (String w : kbuildCommandWords(text)) {
                        existing(w, root, build).ifPresent(deps::add);
                    }
                }
            }
            for (Path f : listFiles) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                Collection<String> raw = text.contains(":") ? parseMakeDeps(text) : text.lines().map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
                if (raw == null) {
                    return Optional.empty();
                }
                for (String p : raw) {
                    deps.addAll(resolve(p, root, build, f.getParent(), resolved));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
        if (depFiles.isEmpty() && listFiles.isEmpty() || deps.isEmpty() && sinceMillis == Long.MIN_VALUE) {
            return Optional.empty();
        }
        List<String> patterns = new ArrayList<>(spec.extraPatterns());
        for (String command : spec.commands()) {
            patterns.addAll(commandInputs(command, root));
        }
        // Only paths next to a dependency matter for the deleted-file rule: keep the rest out of memory.
        Set<String> depDirs = new HashSet<>();
        deps.forEach(d -> depDirs.add(parent(d)));
        seen.removeIf(s -> !depDirs.contains(parent(s)));
        return Optional.of(new DependencySet(deps, seen, patterns));
    }

    private static void walk(Path start, Path root, Set<String> seen, List<PathMatcher> depsFrom, List<Path> depFiles,
                             List<Path> listFiles) throws IOException {
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.getFileName() != null && dir.getFileName().toString().equals(".git") && !dir.equals(start)
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = file.getFileName().toString();
                if (file.startsWith(root)) {
                    Path rel = root.relativize(file);
                    seen.add(slashes(rel));
                    for (PathMatcher m : depsFrom) {
                        if (m.matches(rel)) {
                            listFiles.add(file);
                            return FileVisitResult.CONTINUE;
                        }
                    }
                }
                if (attrs.isRegularFile() && (name.endsWith(".d") || name.startsWith(".") && name.endsWith(".cmd"))) {
                    depFiles.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                throw exc;
            }
        });
    }

    /**
     * A path as a dependency file names it, relative to the checkout: tried against the build tree, the checkout
     * and the dependency file's directory, the first that exists inside the checkout wins; a path that exists
     * nowhere (deleted since) is taken relative to the checkout. Paths outside the checkout (system headers) are
     * no source of the project.
     */
    private static List<String> resolve(String p, Path root, Path build, Path dir,
                                        java.util.Map<Path, List<String>> cache) {
        Path given;
        try {
            given = Path.of(p);
        } catch (java.nio.file.InvalidPathException e) {
            return List.of();
        }
        List<Path> candidates = given.isAbsolute() ? List.of(given.normalize())
                : List.of(build.resolve(given).normalize(), root.resolve(given).normalize(),
                dir.resolve(given).normalize());
        Path fallback = null;
        for (Path c : candidates) {
            List<String> known = cache.get(c);
            if (known != null) {
                return known;
            }
            Path inside = inside(c, root);
            if (inside == null) {
                continue;
            }
            if (Files.exists(c)) {
                // Through a symbolic link (include/dt-bindings in arch/*/boot/dts): the file's own path counts too.
                Path real = inside(realPath(c), realPath(root));
                List<String> found = real == null || real.equals(inside) ? List.of(slashes(inside))
                        : List.of(slashes(inside), slashes(real));
                cache.put(c, found);
                return found;
            }
            if (fallback == null) {
                fallback = inside;
            }
        }
        return fallback == null ? List.of() : List.of(slashes(fallback));
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    /** A word of a command that names an existing regular file of the checkout, relative to it. */
    private static Optional<String> existing(String w, Path root, Path build) {
        try {
            for (Path c : List.of(build.resolve(w).normalize(), root.resolve(w).normalize())) {
                Path in = inside(c, root);
                if (in != null && Files.isRegularFile(c)) {
                    return Optional.of(slashes(in));
                }
            }
        } catch (java.nio.file.InvalidPathException e) {
            // not a path
        }
        return Optional.empty();
    }

    private static Path inside(Path p, Path root) {
        if (p.startsWith(root) && !p.equals(root)) {
            return root.relativize(p);
        }
        try {
            Path real = p.toRealPath();
            Path realRoot = root.toRealPath();
            if (real.startsWith(realRoot) && !real.equals(realRoot)) {
                return realRoot.relativize(real);
            }
        } catch (IOException e) {
            // does not exist: not inside by any other name
        }
        return null;
    }

    /** The words of a command that name files of the checkout, as globs (a glob word stays a glob). */
    static List<String> commandInputs(String command, Path root) {
        List<String> out = new ArrayList<>();
        for (String word : SHELL_SPLIT.split(command)) {
            String w = word.replace("\"", "").replace("'", "");
            while (w.startsWith("./")) {
                w = w.substring(2);
            }
            if (w.isEmpty() || w.startsWith("-") || w.startsWith("/") || w.startsWith("$") || w.contains("..")) {
                continue;
            }
            if (w.indexOf('*') >= 0 || w.indexOf('?') >= 0 || w.indexOf('[') >= 0) {
                out.add(w);
                continue;
            }
            try {
                Path f = root.resolve(w).normalize();
                if (f.startsWith(root) && Files.isRegularFile(f)) {
                    out.add(escapeGlob(slashes(root.relativize(f))));
                } else if (f.startsWith(root) && Files.isDirectory(f) && !f.equals(root)) {
                    out.add(escapeGlob(slashes(root.relativize(f))) + "/**"); // make -C dir, a script directory
                }
            } catch (java.nio.file.InvalidPathException e) {
                // not a path
            }
        }
        return out;
    }

    // ---- parsing ---------------------------------------------------------------------------------------------

    /**
     * The prerequisites of a make-syntax dependency file ({@code gcc -MD}): every word right of a rule's colon,
     * continuation lines joined, {@code \ } and {@code $$} unescaped. Null when it is not such a file.
     */
    public static List<String> parseMakeDeps(String text) {
        String joined = text.replace("\\\r\n", " ").replace("\\\n", " ");
        List<String> out = new ArrayList<>();
        boolean any = false;
        for (String line : joined.split("\n")) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            int colon = ruleColon(line);
            int assign = line.indexOf(":=");
            if (colon < 0 && assign > 0 && !line.substring(0, assign).isBlank()) {
                any = true; // kbuild's "deps_X := paths" form
                out.addAll(words(line.substring(assign + 2)));
                continue;
            }
            if (colon < 0) {
                return null;
            }
            any = true;
            out.addAll(words(line.substring(colon + 1)).stream().filter(w -> !w.startsWith("$(")).toList());
        }
        return any ? out : null;
    }

    /** The colon separating targets from prerequisites (not a drive letter, not part of {@code :=}). */
    private static int ruleColon(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ':' && (i + 1 >= line.length() || line.charAt(i + 1) != '=')) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == ' ' || s.charAt(i + 1) == '#'
                    || s.charAt(i + 1) == '\\')) {
                w.append(s.charAt(++i));
            } else if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '$') {
                w.append('$');
                i++;
            } else if (Character.isWhitespace(c)) {
                if (!w.isEmpty()) {
                    out.add(w.toString());
                    w.setLength(0);
                }
            } else {
                w.append(c);
            }
        }
        if (!w.isEmpty()) {
            out.add(w.toString());
        }
        return out;
    }

    /**
     * The sources of a kbuild {@code .cmd} file: its {@code source_X := path} and the paths of its
     * {@code deps_X := ...} list ({@code $(wildcard include/config/...)} entries are config options, not files).
     * A {@code .cmd} file without either (a link or archive step) gives no paths; null when it is not a kbuild
     * command file at all.
     */
    public static List<String> parseKbuildCmd(String text) {
        String joined = text.replace("\\\n", " ");
        List<String> out = new ArrayList<>();
        boolean any = false;
        for (String line : joined.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int assign = l.indexOf(":=");
            String name = assign < 0 ? "" : l.substring(0, assign).strip();
            if (name.startsWith("cmd_") || name.startsWith("savedcmd_")) {
                any = true;
            } else if (name.startsWith("source_")) {
                any = true;
                out.addAll(words(l.substring(assign + 2)));
            } else if (name.startsWith("deps_")) {
                any = true;
                List<String> ws = words(l.substring(assign + 2));
                for (int i = 0; i < ws.size(); i++) {
                    String w = ws.get(i);
                    if (w.startsWith("$(wildcard")) {
                        // "$(wildcard include/config/X)" spans two words; skip until the closing parenthesis
                        while (i < ws.size() && !ws.get(i).endsWith(")")) {
                            i++;
                        }
                        continue;
                    }
                    if (!w.startsWith("$(")) {
                        out.add(w);
                    }
                }
            }
        }
        return any ? out : null;
    }

    /**
     * The dependencies of a bisection's builds so far, shared by its lanes: the union of every successful build's
     * set. A build whose dependencies are unknown after others were known turns it off for good (whatever that
     * build compiled is unknown), and so does one before any was known.
     */
    public static final class Tracker {
        private final Spec spec;
        private DependencySet current;
        private boolean unknown;
        private int builds;
        /** Per build tree: when its dependency files were last read (files older than that are known). */
        private final java.util.Map<Path, Long> readAt = new java.util.HashMap<>();

        public Tracker(Spec spec) {
            this.spec = spec;
        }

        /** A build finished successfully in {@code checkout} (its objects in {@code buildTree}). */
        public void built(Path checkout, Path buildTree) {
            Path key = buildTree.toAbsolutePath().normalize();
            Long since;
            synchronized (this) {
                since = current == null ? null : readAt.get(key);
            }
            // Files written up to two seconds before the last reading began are read again (coarse timestamps).
            long start = System.currentTimeMillis();
            Optional<DependencySet> found = collect(checkout, buildTree, spec,
                    since == null ? Long.MIN_VALUE : since - 2000);
            synchronized (this) {
                readAt.put(key, start);
                builds++;
                if (found.isEmpty()) {
                    unknown = true;
                    current = null;
                } else if (!unknown) {
                    current = current == null ? found.get() : current.union(found.get());
                }
            }
        }

        /** Collections started by {@link #builtInBackground}, in order; done when all are. */
        private java.util.concurrent.CompletableFuture<Void> inFlight =
                java.util.concurrent.CompletableFuture.completedFuture(null);

        /**
         * As {@link #built}, on a thread of its own, so that reading the dependency files overlaps what comes next
         * (the build's test runs). The build tree must stay as that build left it until {@link #awaitCollected}.
         */
        public synchronized void builtInBackground(Path checkout, Path buildTree) {
            inFlight = inFlight.thenRunAsync(() -> {
                try {
                    built(checkout, buildTree);
                } catch (RuntimeException e) {
                    synchronized (this) {
                        unknown = true; // unreadable: nothing may be pruned, as with a missing file
                        current = null;
                    }
                }
            }, task -> {
                Thread t = new Thread(task, "culprit-deps");
                t.setDaemon(true);
                t.start();
            });
        }

        /** Waits until every collection started in the background is done. */
        public void awaitCollected() {
            java.util.concurrent.CompletableFuture<Void> pending;
            synchronized (this) {
                pending = inFlight;
            }
            pending.join();
        }

        /** What the builds so far depend on (once their collections are done); empty while unknown. */
        public Optional<DependencySet> current() {
            awaitCollected();
            synchronized (this) {
                return Optional.ofNullable(current);
            }
        }

        /** Successful builds seen. */
        public synchronized int builds() {
            return builds;
        }
    }

    /**
     * The words of a kbuild {@code .cmd} file's command ({@code savedcmd_X := ...} or {@code cmd_X := ...}) that may
     * be paths: relative, with a '/' or a '.', no option, no variable.
     */
    static List<String> kbuildCommandWords(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (!(l.startsWith("savedcmd_") || l.startsWith("cmd_"))) {
                continue;
            }
            int assign = l.indexOf(":=");
            if (assign < 0) {
                continue;
            }
            for (String word : SHELL_SPLIT.split(l.substring(assign + 2))) {
                String w = word.replace("\"", "").replace("'", "");
                if (!w.isEmpty() && !w.startsWith("-") && !w.startsWith("/") && !w.contains("$")
                        && (w.indexOf('/') >= 0 || w.indexOf('.') >= 0)) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static PathMatcher glob(String g) {
        return FileSystems.getDefault().getPathMatcher("glob:" + g);
    }

    private static String escapeGlob(String p) {
        return p.replaceAll("([*?\\[\\]{}\\\\])", "\\\\$1");
    }

    private static String slashes(Path p) {
        return p.toString().replace('\\', '/');
    }

    private static String clean(String p) {
        String s = p.replace('\\', '/');
        while (s.startsWith("./")) {
            s = s.substring(2);
        }
        return s;
    }

    private static String parent(String p) {
        int slash = p.lastIndexOf('/');
        return slash < 0 ? "" : p.substring(0, slash);
    }
}
