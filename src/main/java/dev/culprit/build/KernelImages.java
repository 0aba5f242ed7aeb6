package dev.culprit.build;

import dev.culprit.common.FileTrees;
import dev.culprit.common.InfraException;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/**
 * Built kernels kept by signature ({@code DIR/<signature>/bzImage}, {@code vmlinux}), outside the worktree: the
 * next checkout rewrites the tree while runs of the previous build may still be booting, and a signature seen
 * again needs no copy at all. Shared by the builder (which stores) and the QEMU runner (which boots).
 */
public final class KernelImages {
    private static final Pattern SIGNATURE = Pattern.compile("[0-9a-f]{64}");
    private final Path dir;

    public KernelImages(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir(String signature) {
        if (!SIGNATURE.matcher(signature).matches()) {
            throw new IllegalArgumentException("not a kernel signature: " + signature);
        }
        return dir.resolve(signature);
    }

    public Path bzImage(String signature) {
        return dir(signature).resolve("bzImage");
    }

    public Path vmlinux(String signature) {
        return dir(signature).resolve("vmlinux");
    }

    /**
     * The absolute source directory the kernel was built in: debug info names files under it, and the
     * symbolizer cuts it so that frames read {@code fs/namei.c:4154}.
     */
    public java.util.Optional<String> sourceRoot(String signature) {
        try {
            return java.util.Optional.of(Files.readString(dir(signature).resolve("source-root")).strip());
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** Copies the two files in unless this signature is already stored; the directory appears whole or not at all. */
    public void store(String signature, Path bzImage, Path vmlinux, Path sourceRoot) {
        Path target = dir(signature);
        if (Files.isRegularFile(target.resolve("bzImage")) && Files.isRegularFile(target.resolve("vmlinux"))) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempDirectory(dir, ".incoming-");
            Files.copy(bzImage, tmp.resolve("bzImage"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(vmlinux, tmp.resolve("vmlinux"), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(tmp.resolve("source-root"), sourceRoot.toAbsolutePath().normalize() + "\n");
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | java.nio.file.FileAlreadyExistsException
                     | java.nio.file.DirectoryNotEmptyException e) {
                // Another build stored the same signature first: its files are identical by definition.
                FileTrees.delete(tmp);
            }
        } catch (IOException e) {
            throw new InfraException("cannot keep the kernel image in " + target + ": " + e.getMessage(), e);
        }
    }
}
