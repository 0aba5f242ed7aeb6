package dev.culprit.report;

import java.math.BigInteger;

/**
 * Demangles Rust symbols as kernel stack traces print them: the v0 scheme ({@code _R...}, RFC 2603) and the legacy
 * one ({@code _ZN...17h<hash>E}). The output is the readable path without crate hashes and symbol hashes
 * ({@code <ashmem_rust::Ashmem as kernel::miscdevice::MiscDevice>::mmap}), which stays the same from build to build.
 * Anything malformed, or too expensive, is returned unchanged: the demangler never throws and its work is linear in
 * the symbol's length (a step budget bounds what backreferences can expand to).
 */
final class RustSymbols {
    private RustSymbols() {
    }

    /** Prefixes the kernel glues to a function's symbol (its CFI type hash, its padding). */
    private static final String[] GLUED = {"__cfi_", "__pfx_"};

    /** Whether {@code name} may be a Rust symbol: a cheap test for callers on hot paths. */
    static boolean candidate(String name) {
        int k = name.startsWith("__") && name.length() > 6 && name.charAt(5) == '_' ? 6 : 0;
        return name.startsWith("_R", k) || name.startsWith("_ZN", k);
    }

    /** The symbol demangled (a kernel prefix such as {@code __cfi_} kept), or the input when it is none. */
    static String demangle(String name) {
        if (name == null || !candidate(name)) {
            return name;
        }
        for (String p : GLUED) {
            if (name.startsWith(p) && name.length() > p.length() + 2) {
                String inner = demangle(name.substring(p.length()));
                return inner.equals(name.substring(p.length())) ? name : p + inner;
            }
        }
        try {
            if (name.startsWith("_R")) {
                return v0(name);
            }
            return legacy(name);
        } catch (Malformed | RuntimeException e) {
            return name;
        }
    }

    /** Thrown (preallocated, without a stack trace) when a symbol does not parse. */
    private static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed() {
            super(null, null, false, false);
        }
    }

    private static final Malformed MALFORMED = new Malformed();

    // ------------------------------------------------------------------------------------------------------ legacy

    private static String legacy(String name) throws Malformed {
        int i = 3;
        int n = name.length();
        StringBuilder out = new StringBuilder();
        int parts = 0;
        int lastStart = -1;
        while (true) {
            if (i >= n) {
                throw MALFORMED;
            }
            char c = name.charAt(i);
            if (c == 'E') {
                i++;
                break;
            }
            if (c < '0' || c > '9') {
                throw MALFORMED;
            }
            long len = 0;
            while (i < n && name.charAt(i) >= '0' && name.charAt(i) <= '9') {
                len = len * 10 + (name.charAt(i) - '0');
                if (len > n) {
                    throw MALFORMED;
                }
                i++;
            }
            if (len == 0 || i + len > n) {
                throw MALFORMED;
            }
            String part = name.substring(i, (int) (i + len));
            i += (int) len;
            if (parts > 0) {
                out.append("::");
            }
            lastStart = out.length();
            appendLegacyPart(out, part);
            parts++;
        }
        if (parts == 0 || (i < n && name.charAt(i) != '.')) {
            throw MALFORMED; // a C++ symbol goes on with its parameter types
        }
        // The last element "h" + 16 hex digits is the symbol's hash: it changes with every build.
        String last = out.substring(lastStart);
        if (parts > 1 && last.length() == 17 && last.charAt(0) == 'h' && hex(last, 1)) {
            out.setLength(lastStart - 2);
        }
        return out.append(name, i, n).toString();
    }

    private static boolean hex(String s, int from) {
        for (int k = from; k < s.length(); k++) {
            if (Character.digit(s.charAt(k), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static void appendLegacyPart(StringBuilder out, String part) throws Malformed {
        int k = part.startsWith("_$") ? 1 : 0;
        int n = part.length();
        while (k < n) {
            char c = part.charAt(k);
            if (c == '$') {
                int end = part.indexOf('$', k + 1);
                if (end < 0) {
                    throw MALFORMED;
                }
                String esc = part.substring(k + 1, end);
                switch (esc) {
                    case "SP" -> out.append('@');
                    case "BP" -> out.append('*');
                    case "RF" -> out.append('&');
                    case "LT" -> out.append('<');
                    case "GT" -> out.append('>');
                    case "LP" -> out.append('(');
                    case "RP" -> out.append(')');
                    case "C" -> out.append(',');
                    default -> {
                        if (esc.length() < 2 || esc.length() > 7 || esc.charAt(0) != 'u' || !hex(esc, 1)) {
                            throw MALFORMED;
                        }
                        int cp = Integer.parseInt(esc.substring(1), 16);
                        if (!Character.isValidCodePoint(cp) || Character.isISOControl(cp)) {
                            throw MALFORMED;
                        }
                        out.appendCodePoint(cp);
                    }
                }
                k = end + 1;
            } else if (c == '.') {
                if (k + 1 < n && part.charAt(k + 1) == '.') {
                    out.append("::");
                    k += 2;
                } else {
                    out.append('-');
                    k++;
                }
            } else {
                out.append(c);
                k++;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------- v0

    private static String v0(String name) throws Malformed {
        int dot = name.indexOf('.');
        String sym = dot < 0 ? name : name.substring(0, dot);
        V0 p = new V0(sym);
        p.pos = 2;
        if (p.pos < sym.length() && Character.isDigit(sym.charAt(p.pos))) {
            throw MALFORMED; // an encoding version this demangler does not know
        }
        p.path(true);
        if (p.pos < sym.length() && Character.isUpperCase(sym.charAt(p.pos))) {
            p.quiet++;
            p.path(false); // the instantiating crate: not part of the name
            p.quiet--;
        }
        if (p.pos != sym.length()) {
            throw MALFORMED;
        }
        return dot < 0 ? p.out.toString() : p.out.append(name, dot, name.length()).toString();
    }

    /** A v0 parser and printer over one symbol (without its vendor suffix). */
    private static final class V0 {
        private static final int MAX_DEPTH = 200;
        private static final int MAX_OUT = 4096;
        final String s;
        final StringBuilder out = new StringBuilder();
        int pos;
        /** While positive, nothing is printed (impl paths and instantiating crates are parsed, not shown). */
        int quiet;
        int depth;
        long steps;
        final long maxSteps;
        /** Lifetimes bound by the enclosing {@code for<...>} binders. */
        long bound;

        V0(String s) {
            this.s = s;
            this.maxSteps = 32L * s.length() + 256;
        }

        void print(String t) throws Malformed {
            if (quiet == 0) {
                out.append(t);
                if (out.length() > MAX_OUT) {
                    throw MALFORMED;
                }
            }
        }

        void print(char c) throws Malformed {
            if (quiet == 0) {
                out.append(c);
                if (out.length() > MAX_OUT) {
                    throw MALFORMED;
                }
            }
        }

        void enter() throws Malformed {
            if (++depth > MAX_DEPTH || ++steps > maxSteps) {
                throw MALFORMED;
            }
        }

        char next() throws Malformed {
            if (pos >= s.length()) {
                throw MALFORMED;
            }
            return s.charAt(pos++);
        }

        boolean eat(char c) {
            if (pos < s.length() && s.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        /** {@code <base-62-number>}: "_" is 0, digits then "_" are the digits' value plus one. */
        long base62() throws Malformed {
            if (eat('_')) {
                return 0;
            }
            long v = 0;
            while (true) {
                char c = next();
                if (c == '_') {
                    break;
                }
                int d;
                if (c >= '0' && c <= '9') {
                    d = c - '0';
                } else if (c >= 'a' && c <= 'z') {
                    d = 10 + c - 'a';
                } else if (c >= 'A' && c <= 'Z') {
                    d = 36 + c - 'A';
                } else {
                    throw MALFORMED;
                }
                // Crate disambiguators are 64-bit hashes: a value past the range saturates (no backreference or
                // closure number is that large, and a crate's hash is never printed).
                v = v > (Long.MAX_VALUE - 2 - d) / 62 ? Long.MAX_VALUE - 2 : v * 62 + d;
            }
            return v + 1;
        }

        /** {@code [s <base-62-number>]}: 0 when absent, else the number plus one. */
        long disambiguator() throws Malformed {
            return eat('s') ? base62() + 1 : 0;
        }

        long decimal() throws Malformed {
            char c = next();
            if (c < '0' || c > '9') {
                throw MALFORMED;
            }
            if (c == '0') {
                return 0;
            }
            long v = c - '0';
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                v = v * 10 + (s.charAt(pos++) - '0');
                if (v > s.length()) {
                    throw MALFORMED;
                }
            }
            return v;
        }

        /** {@code <undisambiguated-identifier>}, decoded (punycode when marked with "u"). */
        String name() throws Malformed {
            boolean puny = eat('u');
            long len = decimal();
            eat('_');
            if (pos + len > s.length()) {
                throw MALFORMED;
            }
            String raw = s.substring(pos, (int) (pos + len));
            pos += (int) len;
            return puny ? punycode(raw) : raw;
        }

        /** Moves to the backreference's target and returns the position to come back to. */
        int backref() throws Malformed {
            int at = pos - 1; // the "B"
            long target = base62() + 2;
            if (target >= at) {
                throw MALFORMED; // only earlier text may be referred to: no loops
            }
            int back = pos;
            pos = (int) target;
            return back;
        }

        void path(boolean inValue) throws Malformed {
            enter();
            char tag = next();
            switch (tag) {
                case 'C' -> {
                    disambiguator();
                    print(name());
                }
                case 'M' -> {
                    implPath();
                    print('<');
                    type();
                    print('>');
                }
                case 'X' -> {
                    implPath();
                    print('<');
                    type();
                    print(" as ");
                    path(false);
                    print('>');
                }
                case 'Y' -> {
                    print('<');
                    type();
                    print(" as ");
                    path(false);
                    print('>');
                }
                case 'N' -> {
                    char ns = next();
                    if (!Character.isLetter(ns) || ns > 'z') {
                        throw MALFORMED;
                    }
                    path(inValue);
                    long dis = disambiguator();
                    String id = name();
                    if (Character.isUpperCase(ns)) {
                        print("::{");
                        print(ns == 'C' ? "closure" : ns == 'S' ? "shim" : String.valueOf(ns));
                        if (!id.isEmpty()) {
                            print(':');
                            print(id);
                        }
                        print('#');
                        print(Long.toString(dis));
                        print('}');
                    } else if (!id.isEmpty()) {
                        print("::");
                        print(id);
                    }
                }
                case 'I' -> {
                    path(inValue);
                    print(inValue ? "::<" : "<");
                    for (int k = 0; !eat('E'); k++) {
                        if (k > 0) {
                            print(", ");
                        }
                        genericArg();
                    }
                    print('>');
                }
                case 'B' -> {
                    int back = backref();
                    path(inValue);
                    pos = back;
                }
                default -> throw MALFORMED;
            }
            depth--;
        }

        void implPath() throws Malformed {
            disambiguator();
            quiet++;
            path(false);
            quiet--;
        }

        void genericArg() throws Malformed {
            if (eat('L')) {
                lifetime(base62());
            } else if (eat('K')) {
                constant();
            } else {
                type();
            }
        }

        void lifetime(long index) throws Malformed {
            if (index == 0) {
                print("'_");
                return;
            }
            if (index > bound) {
                throw MALFORMED;
            }
            long depthOf = bound - index;
            print(depthOf < 26 ? "'" + (char) ('a' + depthOf) : "'_" + depthOf);
        }

        /** {@code [G <base-62-number>]}: prints {@code for<'a, ...> } and returns how many lifetimes it binds. */
        long binder() throws Malformed {
            if (!eat('G')) {
                return 0;
            }
            long count = base62() + 1;
            if (count > s.length()) {
                throw MALFORMED;
            }
            print("for<");
            for (long k = 0; k < count; k++) {
                if (k > 0) {
                    print(", ");
                }
                long d = bound + k;
                print(d < 26 ? "'" + (char) ('a' + d) : "'_" + d);
            }
            print("> ");
            bound += count;
            return count;
        }

        static String basic(char c) {
            return switch (c) {
                case 'a' -> "i8";
                case 'b' -> "bool";
                case 'c' -> "char";
                case 'd' -> "f64";
                case 'e' -> "str";
                case 'f' -> "f32";
                case 'h' -> "u8";
                case 'i' -> "isize";
                case 'j' -> "usize";
                case 'l' -> "i32";
                case 'm' -> "u32";
                case 'n' -> "i128";
                case 'o' -> "u128";
                case 's' -> "i16";
                case 't' -> "u16";
                case 'u' -> "()";
                case 'v' -> "...";
                case 'x' -> "i64";
                case 'y' -> "u64";
                case 'z' -> "!";
                case 'p' -> "_";
                default -> null;
            };
        }

        void type() throws Malformed {
            enter();
            char tag = next();
            String b = basic(tag);
            if (b != null) {
                print(b);
                depth--;
                return;
            }
            switch (tag) {
                case 'A' -> {
                    print('[');
                    type();
                    print("; ");
                    constant();
                    print(']');
                }
                case 'S' -> {
                    print('[');
                    type();
                    print(']');
                }
                case 'T' -> {
                    print('(');
                    int k = 0;
                    for (; !eat('E'); k++) {
                        if (k > 0) {
                            print(", ");
                        }
                        type();
                    }
                    if (k == 1) {
                        print(',');
                    }
                    print(')');
                }
                case 'R', 'Q' -> {
                    print('&');
                    if (eat('L')) {
                        long l = base62();
                        if (l != 0) {
                            lifetime(l);
                            print(' ');
                        }
                    }
                    if (tag == 'Q') {
                        print("mut ");
                    }
                    type();
                }
                case 'P' -> {
                    print("*const ");
                    type();
                }
                case 'O' -> {
                    print("*mut ");
                    type();
                }
                case 'F' -> fnSig();
                case 'D' -> {
                    long bound0 = bound;
                    print("dyn ");
                    binder();
                    for (int k = 0; !eat('E'); k++) {
                        if (k > 0) {
                            print(" + ");
                        }
                        dynTrait();
                    }
                    bound = bound0;
                    if (!eat('L')) {
                        throw MALFORMED;
                    }
                    long l = base62();
                    if (l != 0) {
                        print(" + ");
                        lifetime(l);
                    }
                }
                case 'B' -> {
                    int back = backref();
                    type();
                    pos = back;
                }
                default -> {
                    pos--;
                    path(false);
                }
            }
            depth--;
        }

        void fnSig() throws Malformed {
            long bound0 = bound;
            binder();
            if (eat('U')) {
                print("unsafe ");
            }
            if (eat('K')) {
                print("extern \"");
                print(eat('C') ? "C" : name().replace('_', '-'));
                print("\" ");
            }
            print("fn(");
            for (int k = 0; !eat('E'); k++) {
                if (k > 0) {
                    print(", ");
                }
                type();
            }
            print(')');
            if (eat('u')) {
                bound = bound0;
                return; // returns ()
            }
            print(" -> ");
            type();
            bound = bound0;
        }

        void dynTrait() throws Malformed {
            int mark = out.length();
            path(false);
            boolean open = false;
            while (eat('p')) {
                if (!open) {
                    // "Trait<A>" gets ", Item = T" inside its brackets; "Trait" gets "<Item = T".
                    if (quiet == 0 && out.length() > mark && out.charAt(out.length() - 1) == '>') {
                        out.setLength(out.length() - 1);
                        print(", ");
                    } else {
                        print('<');
                    }
                    open = true;
                } else {
                    print(", ");
                }
                print(name());
                print(" = ");
                type();
            }
            if (open) {
                print('>');
            }
        }

        void constant() throws Malformed {
            enter();
            if (eat('p')) {
                print('_');
            } else if (eat('B')) {
                int back = backref();
                constant();
                pos = back;
            } else {
                char t = next();
                boolean negative = false;
                switch (t) {
                    case 'a', 's', 'l', 'x', 'n', 'i' -> negative = eat('n');
                    case 'h', 't', 'm', 'y', 'o', 'j', 'b', 'c' -> {
                    }
                    default -> throw MALFORMED; // structural constants (str, refs, ADTs): not in kernel frames
                }
                int start = pos;
                while (pos < s.length() && Character.digit(s.charAt(pos), 16) >= 0 && !Character.isUpperCase(s.charAt(pos))) {
                    pos++;
                }
                String digits = s.substring(start, pos);
                if (!eat('_')) {
                    throw MALFORMED;
                }
                BigInteger v = digits.isEmpty() ? BigInteger.ZERO : new BigInteger(digits, 16);
                if (t == 'b') {
                    if (v.signum() == 0) {
                        print("false");
                    } else if (v.equals(BigInteger.ONE)) {
                        print("true");
                    } else {
                        throw MALFORMED;
                    }
                } else if (t == 'c') {
                    if (v.bitLength() > 21 || !Character.isValidCodePoint(v.intValue())) {
                        throw MALFORMED;
                    }
                    print('\'' + new String(Character.toChars(v.intValue())) + '\'');
                } else {
                    print((negative ? "-" : "") + v);
                }
            }
            depth--;
        }
    }

    // ---------------------------------------------------------------------------------------------------- punycode

    /**
     * RFC 3492 decoding, with v0's spelling: the delimiter between the plain characters and the encoded ones is
     * {@code _} instead of {@code -}.
     */
    static String punycode(String raw) throws Malformed {
        int delim = raw.lastIndexOf('_');
        StringBuilder cps = new StringBuilder();
        int[] out = new int[raw.length() + 1];
        int len = 0;
        if (delim > 0) {
            for (int k = 0; k < delim; k++) {
                out[len++] = raw.charAt(k);
            }
        }
        long n = 128;
        long i = 0;
        long bias = 72;
        boolean first = true;
        if (raw.length() > 1024) {
            throw MALFORMED; // insertion is quadratic: no identifier is that long
        }
        int k = delim > 0 ? delim + 1 : 0;
        while (k < raw.length()) {
            long oldI = i;
            long w = 1;
            for (long t0 = 36; ; t0 += 36) {
                if (k >= raw.length()) {
                    throw MALFORMED;
                }
                char c = raw.charAt(k++);
                long digit = c >= 'a' && c <= 'z' ? c - 'a' : c >= '0' && c <= '9' ? c - '0' + 26 : -1;
                if (digit < 0) {
                    throw MALFORMED;
                }
                i += digit * w;
                long t = t0 <= bias ? 1 : t0 >= bias + 26 ? 26 : t0 - bias;
                if (i > Integer.MAX_VALUE) {
                    throw MALFORMED;
                }
                if (digit < t) {
                    break;
                }
                w *= 36 - t;
                if (w > Integer.MAX_VALUE) {
                    throw MALFORMED;
                }
            }
            if (len >= out.length) {
                throw MALFORMED;
            }
            long delta = first ? (i - oldI) / 700 : (i - oldI) / 2;
            first = false;
            delta += delta / (len + 1);
            long kk = 0;
            while (delta > 35 * 26 / 2) {
                delta /= 35;
                kk += 36;
            }
            bias = kk + 36 * delta / (delta + 38);
            n += i / (len + 1);
            i %= len + 1;
            if (n > Character.MAX_CODE_POINT) {
                throw MALFORMED;
            }
            System.arraycopy(out, (int) i, out, (int) i + 1, len - (int) i);
            out[(int) i] = (int) n;
            len++;
            i++;
        }
        for (int q = 0; q < len; q++) {
            cps.appendCodePoint(out[q]);
        }
        return cps.toString();
    }
}
