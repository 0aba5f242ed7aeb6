package dev.culprit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The artifacts of one build on the wire, a zip stream: first {@value #MANIFEST} (each file's path, size and
 * executable bit, which zip itself does not carry), then the files in the manifest's order. Written and read as a
 * stream (a kernel's vmlinux need not fit in memory) and checked as it is read: paths stay inside the entry,
 * sizes are the declared ones, the whole is bounded.
 */
final class ArtifactBundle {
    static final String MANIFEST = "culprit-artifact.json";
    private static final int MAX_FILES = 1000;
    private static final int MAX_MANIFEST = 1 << 20;
    private static final Pattern SIGNATURE = Pattern.compile("[0-9a-fA-F]{8,128}");

    /** A bundle that breaks the format or the limits; the message is one line. */
    static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(message);
        }
    }

    /** A file of a bundle. */
    record File(String path, long bytes, boolean executable) {
    }

    private ArtifactBundle() {
    }

    /** Whether this is a build signature a bundle may be stored under. */
    static boolean signature(String s) {
        return s != null && SIGNATURE.matcher(s).matches();
    }

    /** Writes the files (relative to {@code root}) as a bundle; does not close {@code out}. */
    static void write(OutputStream out, Path root, List<String> files) throws IOException {
        List<File> manifest = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String f : files) {
            String path = checkedPath(Path.of(f).normalize().toString()); // "./prog" is sent as "prog"
            if (!seen.add(path)) {
                continue;
            }
            Path p = root.resolve(path);
            manifest.add(new File(path, Files.size(p), Files.isExecutable(p)));
        }
        ZipOutputStream z = new ZipOutputStream(out);
        z.setLevel(Deflater.BEST_SPEED);
        z.putNextEntry(new ZipEntry(MANIFEST));
        z.write(manifestJson(manifest).getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
        for (File f : manifest) {
            z.putNextEntry(new ZipEntry(f.path()));
            try (InputStream in = Files.newInputStream(root.resolve(f.path()))) {
                long copied = in.transferTo(z);
                if (copied != f.bytes()) {
                    throw new IOException(f.path() + " changed while it was sent");
                }
            }
            z.closeEntry();
        }
        z.finish();
    }

    /**
     * Reads and checks a bundle; with {@code into}, writes its files there (which must be empty). Returns its
     * files. Reads no further than the last file: the zip's central directory is left in {@code in}.
     *
     * @throws Invalid     when the bundle is malformed or its files exceed {@code maxBytes} in all
     * @throws IOException when the stream fails
     */
    static List<File> read(InputStream in, Path into, long maxBytes) throws IOException {
        ZipInputStream z = new ZipInputStream(in);
        ZipEntry e = nextEntry(z);
        if (e == null || !e.getName().equals(MANIFEST)) {
            throw new Invalid("an artifact bundle starts with " + MANIFEST);
        }
        byte[] text = readManifest(z);
        if (text.length > MAX_MANIFEST) {
            throw new Invalid("the artifact manifest is over " + MAX_MANIFEST + " bytes");
        }
        List<File> files = parseManifest(text);
        long total = 0;
        for (File f : files) {
            total += f.bytes();
            if (total > maxBytes) {
                throw new Invalid("the artifacts are larger than the server takes (at most " + maxBytes
                        + " bytes)");
            }
        }
        for (File f : files) {
            e = nextEntry(z);
            if (e == null || !e.getName().equals(f.path())) {
                throw new Invalid("the artifact bundle lacks " + f.path() + " where its manifest has it");
            }
            long got;
            if (into == null) {
                got = skip(z, f.bytes() + 1);
            } else {
                Path to = into.resolve(f.path());
                Files.createDirectories(to.getParent());
                try (OutputStream out = Files.newOutputStream(to)) {
                    got = copy(z, out, f.bytes() + 1);
                }
                if (f.executable() && !to.toFile().setExecutable(true, false)) {
                    throw new IOException("cannot make " + to + " executable");
                }
            }
            if (got != f.bytes()) {
                throw new Invalid("the artifact " + f.path() + " has " + (got > f.bytes() ? "more" : "fewer")
                        + " bytes than its manifest says (" + f.bytes() + ")");
            }
        }
        if (nextEntry(z) != null) {
            throw new Invalid("the artifact bundle has files its manifest does not name");
        }
        return files;
    }

    private static byte[] readManifest(ZipInputStream z) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        copy(z, out, MAX_MANIFEST + 1);
        return out.toByteArray();
    }

    private static ZipEntry nextEntry(ZipInputStream z) throws IOException {
        try {
            return z.getNextEntry();
        } catch (java.util.zip.ZipException e) {
            throw new Invalid("malformed artifact bundle: " + e.getMessage());
        } catch (java.io.EOFException e) {
            throw new Invalid("the artifact bundle ends early");
        }
    }

    private static long copy(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buf = new byte[1 << 16];
        long n = 0;
        while (n < limit) {
            int r = read(in, buf, (int) Math.min(buf.length, limit - n));
            if (r < 0) {
                break;
            }
            out.write(buf, 0, r);
            n += r;
        }
        return n;
    }

    private static long skip(InputStream in, long limit) throws IOException {
        return copy(in, OutputStream.nullOutputStream(), limit);
    }

    private static int read(InputStream in, byte[] buf, int len) throws IOException {
        try {
            return in.read(buf, 0, len);
        } catch (java.util.zip.ZipException e) {
            throw new Invalid("malformed artifact bundle: " + e.getMessage());
        } catch (java.io.EOFException e) {
            throw new Invalid("the artifact bundle ends early");
        }
    }

    private static String manifestJson(List<File> files) {
        ObjectNode n = JournalCodec.object();
        ArrayNode a = n.putArray("files");
        for (File f : files) {
            a.addObject().put("path", f.path()).put("bytes", f.bytes()).put("executable", f.executable());
        }
        return n.toString();
    }

    private static List<File> parseManifest(byte[] text) {
        JsonNode n;
        try {
            n = JournalCodec.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new Invalid("the artifact manifest is not JSON");
        }
        JsonNode a = n == null ? null : n.get("files");
        if (a == null || !a.isArray() || a.isEmpty() || a.size() > MAX_FILES) {
            throw new Invalid("the artifact manifest needs 'files': 1 to " + MAX_FILES + " entries");
        }
        List<File> files = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode f : a) {
            JsonNode path = f.get("path");
            JsonNode bytes = f.get("bytes");
            if (path == null || !path.isTextual() || bytes == null || !bytes.canConvertToLong() || bytes.asLong() < 0) {
                throw new Invalid("an artifact manifest entry needs a 'path' and 'bytes' (not negative)");
            }
            String p = checkedPath(path.asText());
            if (!seen.add(p)) {
                throw new Invalid("the artifact manifest names " + p + " twice");
            }
            files.add(new File(p, bytes.asLong(), f.path("executable").asBoolean(false)));
        }
        return files;
    }

    /** A relative path inside the entry: no '..', no absolute path, no backslash or control character. */
    static String checkedPath(String p) {
        boolean ok = !p.isEmpty() && p.length() <= 1024 && !p.startsWith("/") && !p.equals(MANIFEST)
                && p.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == '\\');
        if (ok) {
            for (String part : p.split("/", -1)) {
                if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                    ok = false;
                    break;
                }
            }
        }
        if (!ok) {
            throw new Invalid("'" + p.replaceAll("\\p{Cntrl}", "?") + "' is not a relative path inside the artifacts");
        }
        return p;
    }
}
