package dev.culprit.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Builds whose runs read their artifacts from a directory of their own per signature (kernel images: bzImage and
 * vmlinux), not from the worktree. For such builds the worktree is free as soon as the build is done (the next
 * build may start while runs go on), a build taken from the journal needs nothing done while its directory is
 * complete, and that directory is what the artifact cache keeps and shares between machines.
 *
 * @param dir   the directory of a signature's artifacts
 * @param files the artifacts, relative to that directory
 */
public record ArtifactsBySignature(Function<String, Path> dir, List<String> files) {
    public ArtifactsBySignature {
        Objects.requireNonNull(dir, "dir");
        files = List.copyOf(files);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no artifact files");
        }
    }

    /** Whether every artifact of the signature is in place. */
    public boolean complete(String signature) {
        Path d = dir.apply(signature);
        return files.stream().allMatch(f -> Files.isRegularFile(d.resolve(f)));
    }
}
