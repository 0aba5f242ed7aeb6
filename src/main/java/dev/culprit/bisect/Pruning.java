package dev.culprit.bisect;

import dev.culprit.vcs.CommitGraph;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The pruning rule, pure: a commit is irrelevant when none of the paths it changes is relevant. A merge's changes
 * are taken against its first parent, so a merge is relevant when any side brings in a relevant change. A commit
 * whose changes are not known is relevant.
 */
public final class Pruning {
    private Pruning() {
    }

    /**
     * @param graph    the range
     * @param changed  each commit's changed paths (a merge: against its first parent; a root: its whole tree)
     * @param relevant whether a change to a path can change the binary
     * @return the irrelevant commits of the graph
     */
    public static Set<String> irrelevant(CommitGraph graph, Map<String, ? extends Collection<String>> changed,
                                         Predicate<String> relevant) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < graph.size(); i++) {
            String hash = graph.hash(i);
            Collection<String> files = changed.get(hash);
            if (files != null && files.stream().noneMatch(relevant)) {
                out.add(hash);
            }
        }
        return out;
    }

    /** {@code pruned 4,213 of 6,798 commits that cannot change the binary}. */
    public static String logLine(int pruned, int total) {
        return String.format(java.util.Locale.ROOT, "pruned %,d of %,d commits that cannot change the binary",
                pruned, total);
    }
}
