package dev.culprit.build;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Digests the behaviour-relevant part of an ELF file: the sections loaded into memory (SHF_ALLOC) that have
 * content in the file (not SHT_NOBITS) and are not notes (SHT_NOTE: build ids). Debug information, symbol
 * tables and build ids do not change the digest; code and data do.
 */
final class ElfSections {
    private static final int SHT_NOBITS = 8;
    private static final int SHT_NOTE = 7;
    private static final long SHF_ALLOC = 0x2;

    private ElfSections() {
    }

    static boolean isElf(byte[] b) {
        return b.length >= 52 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F';
    }

    /**
     * Feeds the loaded sections (name, address, bytes) into the digest. Returns false, having fed nothing,
     * when the headers do not make sense.
     */
    static boolean digestLoaded(byte[] file, MessageDigest digest) {
        try {
            boolean is64 = file[4] == 2;
            ByteBuffer buf = ByteBuffer.wrap(file).order(file[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            long shoff = is64 ? buf.getLong(0x28) : Integer.toUnsignedLong(buf.getInt(0x20));
            int shentsize = Short.toUnsignedInt(buf.getShort(is64 ? 0x3A : 0x2E));
            int shnum = Short.toUnsignedInt(buf.getShort(is64 ? 0x3C : 0x30));
            int shstrndx = Short.toUnsignedInt(buf.getShort(is64 ? 0x3E : 0x32));
            if (shoff <= 0 || shnum == 0 || shstrndx >= shnum || shoff + (long) shnum * shentsize > file.length) {
                return false;
            }
            Section names = section(buf, is64, shoff, shentsize, shstrndx);
            java.util.List<byte[]> parts = new java.util.ArrayList<>();
            for (int i = 0; i < shnum; i++) {
                Section s = section(buf, is64, shoff, shentsize, i);
                if ((s.flags & SHF_ALLOC) == 0 || s.type == SHT_NOBITS || s.type == SHT_NOTE) {
                    continue;
                }
                if (s.offset < 0 || s.offset + s.size > file.length) {
                    return false;
                }
                String name = cString(file, names.offset + s.nameIndex);
                parts.add((name + "@" + Long.toHexString(s.addr) + ":").getBytes(StandardCharsets.UTF_8));
                parts.add(java.util.Arrays.copyOfRange(file, (int) s.offset, (int) (s.offset + s.size)));
            }
            for (byte[] p : parts) {
                digest.update(p);
            }
            return true;
        } catch (IndexOutOfBoundsException e) {
            return false;
        }
    }

    private record Section(int nameIndex, int type, long flags, long addr, long offset, long size) {
    }

    private static Section section(ByteBuffer b, boolean is64, long shoff, int entsize, int i) {
        int base = Math.toIntExact(shoff + (long) i * entsize);
        if (is64) {
            return new Section(b.getInt(base), b.getInt(base + 4), b.getLong(base + 8), b.getLong(base + 16),
                    b.getLong(base + 24), b.getLong(base + 32));
        }
        return new Section(b.getInt(base), b.getInt(base + 4), Integer.toUnsignedLong(b.getInt(base + 8)),
                Integer.toUnsignedLong(b.getInt(base + 12)), Integer.toUnsignedLong(b.getInt(base + 16)),
                Integer.toUnsignedLong(b.getInt(base + 20)));
    }

    private static String cString(byte[] file, long at) {
        int start = Math.toIntExact(at);
        int end = start;
        while (end < file.length && file[end] != 0) {
            end++;
        }
        return new String(file, start, end - start, StandardCharsets.ISO_8859_1);
    }
}
