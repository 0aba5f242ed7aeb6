package dev.culprit.cli;

import dev.culprit.bisect.History;
import dev.culprit.vcs.CommitGraph;
import dev.culprit.vcs.CommitInfo;
import dev.culprit.vcs.Maintainers;
import dev.culprit.vcs.Git;
import dev.culprit.vcs.ReleaseTags;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The engine's view of a real git repository. */
final class GitHistory implements History {
    private final Git git;
    private final String releasePattern;
    private final Map<String, CommitInfo> infos = new HashMap<>();

    GitHistory(Git git, String releasePattern) {
        this.git = git;
        this.releasePattern = releasePattern;
    }

    @Override
    public CommitGraph range(String newEnd, List<String> oldEnds) {
        return git.graph(newEnd, oldEnds);
    }

    @Override
    public List<Release> releasesBefore(String commit) {
        Map<String, String> commitByName = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (Git.Tag tag : git.tagsMerged(commit, releasePattern)) {
            if (!tag.commit().equals(commit)) {
                commitByName.put(tag.name(), tag.commit());
                names.add(tag.name());
            }
        }
        List<Release> out = new ArrayList<>();
        for (String name : ReleaseTags.thin(ReleaseTags.newestFirst(names))) {
            out.add(new Release(name, commitByName.get(name)));
        }
        return out;
    }

    @Override
    public boolean isRelease(String hash) {
        for (Git.Tag tag : git.tagsMerged(hash, releasePattern)) {
            if (tag.commit().equals(hash) && ReleaseTags.isRelease(tag.name())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public CommitSummary summary(String hash) {
        CommitInfo i = info(hash);
        return new CommitSummary(hash, i.subject(), i.authorName(), i.authorEmail(), i.authorDate());
    }

    @Override
    public String describe(String hash) {
        return git.describeCulprit(hash);
    }

    @Override
    public List<String> parents(String hash) {
        return info(hash).parents();
    }

    @Override
    public Maintainers.Recipients recipients(String hash, Optional<String> guiltyFile) {
        return Maintainers.at(git, hash).recipients(info(hash), git.changedFiles(hash),
                guiltyFile.flatMap(f -> git.pathInTree(hash, f)));
    }

    private CommitInfo info(String hash) {
        return infos.computeIfAbsent(hash, git::info);
    }
}
