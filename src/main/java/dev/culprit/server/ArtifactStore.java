package dev.culprit.server;

import dev.culprit.common.InfraException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The server's copy of the workers' build artifacts, one {@link ArtifactBundle} per build signature in
 * {@code dir/<signature>.zip}, so that a worker resuming another worker's job fetches the binaries of its
 * journaled builds instead of building them again. Kept in the server's data directory, not in the database;
 * least recently used bundles go first when the total passes the budget.
 *
 * <p>An upload is checked while it streams in (format, paths, sizes, {@code maxBytes}) into a private file,
 * and appears under its name whole or not at all.
 */
final class ArtifactStore {
    private final Path dir;
    private final long maxBytes;
    private final long budgetBytes;
    /** The last use stamped on a bundle: stamps only grow, so that the LRU order never hangs on a clock's grain. */
    private Instant lastStamp = Instant.EPOCH;

    /** What an upload did. */
    enum Stored { NEW, ALREADY }

    ArtifactStore(Path dir, long maxBytes, long budgetBytes) {
        if (maxBytes < 0 || budgetBytes < 0) {
            throw new IllegalArgumentException("artifact limits must not be negative");
        }
        this.dir = dir.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
        this.budgetBytes = budgetBytes;
    }

    /** The largest bundle (its files' bytes) an upload may hold. */
    long maxBytes() {
        return Math.min(maxBytes, budgetBytes);
    }

    Path dir() {
        return dir;
    }

    /** The stored bundle of a signature, marked as used now. */
    synchronized Optional<Path> find(String signature) {
        Path p = file(signature);
        try {
            Files.setLastModifiedTime(p, stamp());
            return Optional.of(p);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new InfraException("cannot read the artifact store " + dir + ": " + e.getMessage(), e);
        }
    }

    boolean has(String signature) {
        return Files.isRegularFile(file(signature));
    }

    /**
     * Stores the bundle read from {@code body} under {@code signature}, unless one is stored already (then the
     * body is not read). Throws {@link ArtifactBundle.Invalid} for a bundle that is malformed or too large.
     */
    Stored put(String signature, InputStream body) throws IOException {
        if (has(signature)) {
            return Stored.ALREADY;
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".upload-", ".zip");
        try {
            try (OutputStream file = Files.newOutputStream(tmp);
                 Tee tee = new Tee(body, file, rawLimit())) {
                try {
                    ArtifactBundle.read(tee, null, maxBytes());
                } catch (ArtifactBundle.Invalid e) {
                    // Read on (to the limit) so that the client, still sending, gets the 400 and not a reset.
                    tee.discardRest();
                    throw e;
                }
                tee.drain(); // the zip's central directory, kept so that the file is a whole zip
            }
            synchronized (this) {
                // Two workers uploading one signature store the same files: the later rename is as good.
                Files.setLastModifiedTime(tmp, stamp());
                Files.move(tmp, file(signature), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                evict(signature);
            }
            return Stored.NEW;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Total bytes of the stored bundles. */
    synchronized long size() throws IOException {
        return bundles().stream().mapToLong(Bundle::bytes).sum();
    }

    private record Bundle(Path path, long bytes, FileTime used) {
    }

    private List<Bundle> bundles() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Bundle> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || !name.endsWith(".zip")) {
                    continue;
                }
                try {
                    out.add(new Bundle(p, Files.size(p), Files.getLastModifiedTime(p)));
                } catch (NoSuchFileException e) {
                    // evicted meanwhile
                }
            }
        }
        out.sort(Comparator.comparing(Bundle::used));
        return out;
    }

    /** Least recently used first, never {@code keep}, until the bundles fit the budget. */
    private void evict(String keep) throws IOException {
        List<Bundle> all = bundles();
        long total = all.stream().mapToLong(Bundle::bytes).sum();
        Path kept = file(keep);
        for (Bundle b : all) {
            if (total <= budgetBytes) {
                return;
            }
            if (b.path().equals(kept)) {
                continue;
            }
            // A download that has the file open reads on: Linux keeps its data until it is closed.
            Files.deleteIfExists(b.path());
            total -= b.bytes();
        }
    }

    private FileTime stamp() {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        lastStamp = now.isAfter(lastStamp) ? now : lastStamp.plusMillis(1);
        return FileTime.from(lastStamp);
    }

    private Path file(String signature) {
        if (!ArtifactBundle.signature(signature)) {
            throw new ArtifactBundle.Invalid("'" + signature + "' is not a build signature (8 to 128 hex digits)");
        }
        return dir.resolve(signature.toLowerCase(java.util.Locale.ROOT) + ".zip");
    }

    /** The compressed bytes an upload may take: its files' limit, plus room for incompressible data and headers. */
    private long rawLimit() {
        long max = maxBytes();
        return max > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : max + max / 64 + (1 << 20);
    }

    /** Copies what is read to a file, and refuses to read past a limit. */
    private static final class Tee extends FilterInputStream {
        private final OutputStream copy;
        private final long limit;
        private long count;

        Tee(InputStream in, OutputStream copy, long limit) {
            super(in);
            this.copy = copy;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int r = read(one, 0, 1);
            return r < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int r = super.read(b, off, len);
            if (r > 0) {
                count += r;
                if (count > limit) {
                    throw new ArtifactBundle.Invalid("the upload is larger than the server takes");
                }
                copy.write(b, off, r);
            }
            return r;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(n, 1 << 16)];
            int r = read(buf, 0, buf.length);
            return Math.max(r, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        void discardRest() {
            byte[] buf = new byte[1 << 16];
            try {
                while (count <= limit) {
                    int r = in.read(buf, 0, (int) Math.min(buf.length, limit - count + 1));
                    if (r < 0) {
                        return;
                    }
                    count += r;
                }
            } catch (IOException e) {
                // the client went away: nothing to answer
            }
        }

        void drain() throws IOException {
            byte[] buf = new byte[1 << 16];
            while (read(buf, 0, buf.length) >= 0) {
                // copied by read
            }
        }
    }
}
