package dev.culprit.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes files so that a reader sees either the old content or the whole new one, never half of it. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * Checks, before hours of work, that {@link #write} will be able to write {@code target}: its directory can be
     * made and takes a new file, and the target is not a directory. Leaves nothing behind but the directory.
     *
     * @param option how the user named the file, for the message ({@code --json})
     */
    public static void checkWritable(Path target, String option) {
        Path abs = target.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new BadInputException(option + " " + target + " is a directory: give a file path");
        }
        try {
            Files.createDirectories(abs.getParent());
            Files.delete(Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".probe"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new BadInputException("cannot write " + option + " " + target + " (" + e.getMessage()
                    + "): give a path in a writable directory");
        }
    }

    public static void write(Path target, String content) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temp file is all that is left to lose
                }
            }
            throw new InfraException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
