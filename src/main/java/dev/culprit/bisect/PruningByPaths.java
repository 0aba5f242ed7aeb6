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

    private final ChangedFiles changedFiles;
    private final Supplier<Optional<? extends Predicate<String>>> relevantPaths;
    private List<String> rangeKey;
    private Map<String, ? extends Collection<String>> changed;
    private Predicate<String> lastRule;
    private Set<String> lastAnswer;

    /**
     * @param relevantPaths the rule as the builds so far show it; empty while unknown. The same object is
     *                      returned while nothing new was learnt (the answer is then reused).
     */
    public PruningByPaths(ChangedFiles changedFiles, Supplier<Optional<? extends Predicate<String>>> relevantPaths) {
        this.changedFiles = changedFiles;
        this.relevantPaths = relevantPaths;
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
            lastAnswer = Set.copyOf(Pruning.irrelevant(space.graph(), changed, lastRule));
        }
        return Optional.of(lastAnswer);
    }
}
