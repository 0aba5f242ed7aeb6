package dev.culprit.bisect;

import java.util.List;

/** What a strategy wants next. */
public sealed interface Decision {

    /**
     * Test these commits next.
     *
     * @param commits the commits, one per free slot
     * @param left    how many candidate revisions remain after this step (for the "Bisecting:" line)
     * @param steps   estimated steps left
     */
    record Test(List<String> commits, int left, int steps) implements Decision {
        public Test {
            commits = List.copyOf(commits);
            if (commits.isEmpty()) {
                throw new IllegalArgumentException("nothing to test");
            }
        }
    }

    /** The search is over. */
    record Conclude(Conclusion conclusion) implements Decision {
    }
}
