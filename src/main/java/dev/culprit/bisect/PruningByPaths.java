package dev.culprit.bisect;

import dev.culprit.build.BuildResult;
import dev.culprit.common.InfraException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A {@link Pruner} from two sources: the paths each commit of a range changes (read once per range, git's
 * business) and the current relevant-path rule (the builds' dependencies, which may grow). The answer is kept
 * until one of them changes.
 */
public final class PruningByPaths implements Pruner {
    /** Each commit's changed paths in the range {@code newEnd ^oldEnds...}; merges against their first parent. */
    public interface ChangedFiles {
        Map<String, ? extends Collection<String>> inRange(String newEnd, List<String> oldEnds);
    }

    /**
     * Whether a commit's change to a path leaves the code as in its first parent (a comment edit in a C source,
     * see {@code build.CSource}); asked only for relevant paths of commits that would otherwise stay relevant.
     */
    public interface SameCode {
        boolean sameCode(String commit, String path);

        SameCode NEVER = (commit, path) -> false;
    }

    /** Content comparisons made for one range at most: each costs two reads of git objects. */
    static final int MAX_CODE_CHECKS = 5_000;

    private final ChangedFiles changedFiles;
    private final SameCode sameCode;
    private final Map<String, Boolean> sameCodeKnown = new java.util.HashMap<>();
    private final Supplier<Optional<? extends Predicate<String>>> relevantPaths;
    private List<String> rangeKey;
    private Map<String, ? extends Collection<String>> changed;
    private Predicate<String> lastRule;
    private Set<String> lastAnswer;

    /**
     * @param relevantPaths the rule as the builds so far show it; empty while unknown. The same object is
     *                      returned while nothing new was learnt (the answer is then reused).
     */
    public PruningByPaths(ChangedFiles changedFiles, Supplier<Optional<? extends Predicate<String>>> relevantPaths,
                          SameCode sameCode) {
        this.changedFiles = changedFiles;
        this.relevantPaths = relevantPaths;
        this.sameCode = sameCode;
    }

    public PruningByPaths(ChangedFiles changedFiles, Supplier<Optional<? extends Predicate<String>>> relevantPaths) {
        this(changedFiles, relevantPaths, SameCode.NEVER);
    }

    @Override
    public synchronized Optional<Set<String>> irrelevant(SearchSpace space, BuildResult build) {
        Optional<? extends Predicate<String>> rule = relevantPaths.get();
        if (rule.isEmpty()) {
            return Optional.empty();
        }
        List<String> key = new ArrayList<>();
        key.add(space.newEnd());
        key.addAll(space.oldEnds());
        if (!key.equals(rangeKey)) {
            try {
                changed = changedFiles.inRange(space.newEnd(), space.oldEnds());
            } catch (InfraException e) {
                return Optional.empty(); // no changed files, no pruning
            }
            rangeKey = key;
            lastRule = null;
        }
        if (rule.get() != lastRule) {
            lastRule = rule.get();
            Predicate<String> relevant = lastRule;
            Set<String> byPaths = Pruning.irrelevant(space.graph(), changed, relevant);
            Set<String> all = new java.util.HashSet<>(byPaths);
            int checks = 0;
            for (int i = 0; i < space.graph().size() && checks < MAX_CODE_CHECKS; i++) {
                String hash = space.graph().hash(i);
                Collection<String> files = changed.get(hash);
                if (files == null || byPaths.contains(hash)) {
                    continue;
                }
                List<String> relevantFiles = files.stream().filter(relevant).toList();
                checks += relevantFiles.size();
                if (relevantFiles.stream().allMatch(f -> sameCodeAt(hash, f))) {
                    all.add(hash);
                }
            }
            lastAnswer = Set.copyOf(all);
        }
        return Optional.of(lastAnswer);
    }

    /** Cached: the rule may change (new dependencies) while a commit's content stays what it is. */
    private boolean sameCodeAt(String commit, String path) {
        return sameCodeKnown.computeIfAbsent(commit + ":" + path, k -> sameCode.sameCode(commit, path));
    }
}
