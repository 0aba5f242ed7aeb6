package dev.culprit.bisect;

import dev.culprit.vcs.CommitGraph;
import dev.culprit.vcs.Maintainers;

import java.util.List;
import java.util.Optional;

/** What the engine needs to know about the repository's history (git, or a simulated one). */
public interface History {

    /** The commits of {@code newEnd ^oldEnd...}, as git lists them. */
    CommitGraph range(String newEnd, List<String> oldEnds);

    /**
     * Release tags before {@code commit} (its ancestors, not itself), newest first, already thinned to the
     * ones worth testing. Empty when none matches.
     */
    List<Release> releasesBefore(String commit);

    /** Whether a release tag points at the commit. */
    boolean isRelease(String hash);

    /** Subject, author and date of a commit. */
    CommitSummary summary(String hash);

    /** The block git prints for a first bad commit: header, message, diffstat. */
    String describe(String hash);

    /** All parents, first parent first. */
    List<String> parents(String hash);

    /**
     * Who should hear about a culprit: its author and trailer addresses, the maintainers of what it touched and
     * of the crash's guilty file. Empty where the history knows no such thing.
     */
    default Maintainers.Recipients recipients(String hash, Optional<String> guiltyFile) {
        return new Maintainers.Recipients(List.of(), List.of());
    }

    /** A release tag and the commit it names. */
    record Release(String name, String commit) {
    }

    /** One line of facts about a commit. */
    record CommitSummary(String hash, String subject, String author, String authorEmail, String date) {
    }
}
