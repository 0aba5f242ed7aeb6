package dev.culprit.bisect;

import dev.culprit.vcs.CommitGraph;

import java.util.List;

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

    /** A release tag and the commit it names. */
    record Release(String name, String commit) {
    }

    /** One line of facts about a commit. */
    record CommitSummary(String hash, String subject, String author, String authorEmail, String date) {
    }
}
