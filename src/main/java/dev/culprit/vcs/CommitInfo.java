package dev.culprit.vcs;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a commit says about itself, as git prints it.
 *
 * @param hash          full hash
 * @param authorName    author name
 * @param authorEmail   author email, as written in the commit
 * @param authorDate    author date exactly as {@code git show --pretty=medium} prints it
 *                      ("Mon Jan 11 15:37:07 2021 +0000"), so logs match git's
 * @param commitTime    committer time (git orders {@code rev-list} output by it)
 * @param subject       the subject line (a multi-line first paragraph joined with spaces, as {@code %s} does)
 * @param message       the full raw message, subject included, without the trailing newline
 * @param parents       parent hashes, first parent first; empty for a root commit
 * @param trailerEmails addresses from the Signed-off-by, Reviewed-by, Acked-by, Tested-by and Reported-by
 *                      trailers (git's own trailer parsing), in order, each once, as written
 */
public record CommitInfo(String hash, String authorName, String authorEmail, String authorDate, Instant commitTime,
                         String subject, String message, List<String> parents, List<String> trailerEmails) {

    public CommitInfo {
        Objects.requireNonNull(hash, "hash");
        parents = List.copyOf(parents);
        trailerEmails = List.copyOf(trailerEmails);
    }

    public boolean isMerge() {
        return parents.size() > 1;
    }

    public boolean isRoot() {
        return parents.isEmpty();
    }
}
