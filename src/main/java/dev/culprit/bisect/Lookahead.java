package dev.culprit.bisect;

import java.util.List;
import java.util.Optional;

/**
 * What a strategy expects after the commit now being tested: the commits it would most likely test next, likelier
 * first (one for each way the runs may turn out), and the commit it would name if the likelier outcome settles the
 * answer. The engine builds them while the runs go on.
 */
public record Lookahead(List<String> next, Optional<String> answer) {
    public static final Lookahead NONE = new Lookahead(List.of(), Optional.empty());

    public Lookahead {
        next = List.copyOf(next);
    }
}
