package dev.culprit.bisect;

import dev.culprit.vcs.CommitGraph;

import java.util.List;
import java.util.Set;

/**
 * The range a strategy searches, once its ends are known.
 *
 * @param graph    the commits of {@code newEnd ^oldEnd...}, newest first as git lists them
 * @param mode     cause or fix bisection
 * @param newEnd   the range's tip: the bad commit (cause) or the head (fix); inside the graph
 * @param oldEnds  the good commits (cause) or the starting commit (fix); outside the graph
 * @param outside  tested commits outside the graph that are ancestors of an old end (they carry evidence
 *                 about the "already there at the old end" hypothesis)
 * @param evidence everything tested so far
 */
public record SearchSpace(CommitGraph graph, Mode mode, String newEnd, List<String> oldEnds, Set<String> outside,
                          Evidence evidence) {
    public SearchSpace {
        oldEnds = List.copyOf(oldEnds);
        outside = Set.copyOf(outside);
        if (!graph.contains(newEnd)) {
            throw new IllegalArgumentException("the new end must be inside the graph");
        }
    }
}
