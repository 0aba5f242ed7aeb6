package dev.culprit.kernel;

import dev.culprit.bisect.History;
import dev.culprit.vcs.CommitGraph;
import dev.culprit.vcs.CommitInfo;
import dev.culprit.vcs.Git;

import java.util.List;

/**
 * The engine's view of the test kernel repository. The CLI has its own (package-private) one; this test drives
 * the engine directly until {@code culprit bisect --kernel} is wired, and needs no release walk (it gives the
 * good commit).
 */
record KernelGitHistory(Git git) implements History {
    @Override
    public CommitGraph range(String newEnd, List<String> oldEnds) {
        return git.graph(newEnd, oldEnds);
    }

    @Override
    public List<Release> releasesBefore(String commit) {
        return List.of();
    }

    @Override
    public boolean isRelease(String hash) {
        return false;
    }

    @Override
    public CommitSummary summary(String hash) {
        CommitInfo i = git.info(hash);
        return new CommitSummary(i.hash(), i.subject(), i.authorName(), i.authorEmail(), i.authorDate());
    }

    @Override
    public String describe(String hash) {
        return git.describeCulprit(hash);
    }

    @Override
    public List<String> parents(String hash) {
        return git.info(hash).parents();
    }
}
