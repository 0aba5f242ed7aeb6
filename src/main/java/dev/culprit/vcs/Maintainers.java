package dev.culprit.vcs;

import dev.culprit.common.ProcessResult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The kernel's MAINTAINERS file, and who should hear about a culprit. A section is a title line followed by
 * {@code X: value} lines; {@code M:} maintainers and {@code R:} reviewers are addressed, {@code L:} lists copied,
 * {@code F:} (files and directories, glob), {@code N:} (regex) and {@code X:} (excluded, tested first) say which
 * paths the section covers, as the file's own preamble defines them.
 */
public final class Maintainers {
    private static final Pattern TAG = Pattern.compile("^([A-Z]):\\s*(.*?)\\s*$");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+!#$&'*/=?^`{|}~-]+@[A-Za-z0-9.-]+");
    /** The catch-all section: its lists are copied, but its maintainer is not addressed about every patch. */
    private static final String THE_REST = "THE REST";

    /** One section of the file. */
    public record Section(String title, List<String> maintainers, List<String> reviewers, List<String> lists,
                          List<String> files, List<String> regexes, List<String> excludes) {
        public Section {
            maintainers = List.copyOf(maintainers);
            reviewers = List.copyOf(reviewers);
            lists = List.copyOf(lists);
            files = List.copyOf(files);
            regexes = List.copyOf(regexes);
            excludes = List.copyOf(excludes);
        }

        /** Whether the section covers the path (relative to the tree root, '/'-separated). */
        public boolean covers(String path) {
            for (String x : excludes) {
                if (fileMatches(x, path)) {
                    return false;
                }
            }
            for (String f : files) {
                if (fileMatches(f, path)) {
                    return true;
                }
            }
            for (String n : regexes) {
                try {
                    if (Pattern.compile(n).matcher(path).find()) {
                        return true;
                    }
                } catch (PatternSyntaxException e) {
                    // a pattern Java cannot read covers nothing rather than failing the whole report
                }
            }
            return false;
        }
    }

    /** Who gets the report: To (people) and Cc (lists), each sorted and once. */
    public record Recipients(List<String> to, List<String> cc) {
        public Recipients {
            to = List.copyOf(to);
            cc = List.copyOf(cc);
        }

        /** {@code ["a@x" "b@y"]}, as syzbot prints recipients. */
        public static String format(List<String> emails) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < emails.size(); i++) {
                b.append(i == 0 ? "" : " ").append('"').append(emails.get(i)).append('"');
            }
            return b.append(']').toString();
        }
    }

    private final List<Section> sections;

    private Maintainers(List<Section> sections) {
        this.sections = List.copyOf(sections);
    }

    public static Maintainers parse(String text) {
        List<Section> out = new ArrayList<>();
        Builder current = null;
        for (String line : text.split("\n", -1)) {
            if (line.isBlank()) {
                if (current != null) {
                    out.add(current.build());
                    current = null;
                }
                continue;
            }
            Matcher m = TAG.matcher(line);
            if (m.matches()) {
                if (current != null) {
                    current.add(m.group(1).charAt(0), m.group(2));
                }
            } else if (!Character.isWhitespace(line.charAt(0))) {
                if (current != null) {
                    out.add(current.build());
                }
                current = new Builder(line.strip());
            }
        }
        if (current != null) {
            out.add(current.build());
        }
        return new Maintainers(out.stream().filter(s -> !s.files().isEmpty() || !s.regexes().isEmpty()).toList());
    }

    /** MAINTAINERS as of {@code commit}; empty when the tree has none. */
    public static Maintainers at(Git git, String commit) {
        Git.checkRevision(commit);
        ProcessResult r = git.run(git.root(), Git.SHORT, List.of("show", commit + ":MAINTAINERS"));
        return new Maintainers(r.ok() ? parse(r.stdout()).sections : List.of());
    }

    public List<Section> sections() {
        return sections;
    }

    /** The sections covering any of the paths, in file order. */
    public List<Section> covering(Collection<String> paths) {
        return sections.stream().filter(s -> paths.stream().anyMatch(s::covers)).toList();
    }

    /**
     * To: the culprit's author and the addresses in its Signed-off-by, Reviewed-by, Acked-by and Tested-by
     * trailers, and the M:/R: people of every section covering a changed file or the crash's guilty file; Cc:
     * those sections' lists.
     */
    public Recipients recipients(CommitInfo culprit, Collection<String> changedFiles, Optional<String> guiltyFile) {
        TreeSet<String> to = new TreeSet<>();
        TreeSet<String> cc = new TreeSet<>();
        if (culprit.authorEmail() != null && !culprit.authorEmail().isBlank()) {
            to.add(culprit.authorEmail().strip());
        }
        to.addAll(culprit.trailerEmails());
        List<String> paths = new ArrayList<>(changedFiles);
        guiltyFile.ifPresent(paths::add);
        for (Section s : covering(paths)) {
            if (!s.title().equals(THE_REST)) {
                s.maintainers().forEach(v -> email(v).ifPresent(to::add));
                s.reviewers().forEach(v -> email(v).ifPresent(to::add));
            }
            s.lists().forEach(v -> email(v).ifPresent(cc::add));
        }
        cc.removeAll(to);
        return new Recipients(List.copyOf(to), List.copyOf(cc));
    }

    /** The address in "Name &lt;addr&gt;" or "list@host (moderated for non-subscribers)". */
    static Optional<String> email(String value) {
        Matcher m = EMAIL.matcher(value);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    /**
     * F:/X: matching: a trailing slash covers everything below the directory; {@code *} and {@code ?} match
     * within one path component; a plain pattern names a file, or a directory when a path continues below it.
     */
    static boolean fileMatches(String pattern, String path) {
        if (pattern.endsWith("/")) {
            return globPrefix(pattern, path);
        }
        if (glob(pattern).matcher(path).matches()) {
            return true;
        }
        return !pattern.contains("*") && !pattern.contains("?") && path.startsWith(pattern + "/");
    }

    private static boolean globPrefix(String dirPattern, String path) {
        Matcher m = glob(dirPattern).matcher(path);
        return m.lookingAt();
    }

    private static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    private static final class Builder {
        private final String title;
        private final List<String> m = new ArrayList<>();
        private final List<String> r = new ArrayList<>();
        private final List<String> l = new ArrayList<>();
        private final List<String> f = new ArrayList<>();
        private final List<String> n = new ArrayList<>();
        private final List<String> x = new ArrayList<>();

        Builder(String title) {
            this.title = title;
        }

        void add(char tag, String value) {
            switch (tag) {
                case 'M' -> m.add(value);
                case 'R' -> r.add(value);
                case 'L' -> l.add(value);
                case 'F' -> f.add(value);
                case 'N' -> n.add(value);
                case 'X' -> x.add(value);
                default -> {
                    // S: status, T: tree, W: web, K: keywords, ...: not about recipients
                }
            }
        }

        Section build() {
            return new Section(title, m, r, l, f, n, x);
        }
    }
}
