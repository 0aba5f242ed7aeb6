package dev.culprit.build;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether two versions of a C source file are the same program to the compiler, down to the source positions it
 * records: the same tokens, each at the same line and column, with whitespace (or a comment) between the same
 * neighbours. An edit inside a comment that keeps its lines, a comment added at the end of a line or of the file:
 * the same code. A comment added on a line of its own moves the tokens below it, and {@code __LINE__} (in every
 * WARN_ON, BUG_ON, assert) would change; a re-indented line moves its tokens' columns, which sanitizers record
 * for globals and stack variables: different code.
 *
 * <p>Follows the C translation phases that matter here: backslash-newline splices a line onto the next (so a
 * {@code //} comment ending in a backslash swallows the next line), comments are replaced by one space (so
 * {@code #define F/ * * /(x)} is an object-like macro, unlike {@code #define F(x)}), and string and character
 * literals are single tokens whose text is kept as written. Tokens are compared character by character, every
 * punctuator character on its own with its "space before" flag, which also tells {@code ->} from {@code - >}.
 */
public final class CSource {
    private CSource() {
    }

    private record Token(String text, int line, int column, boolean spaceBefore) {
    }

    /** The same code by the rule above. */
    public static boolean sameCode(String a, String b) {
        return tokens(a).equals(tokens(b));
    }

    private static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int line = 1;
        int lineStart = 0;
        boolean space = true;
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < n && (s.charAt(i + 1) == '\n' || s.charAt(i + 1) == '\r')) {
                i = skipNewline(s, i + 1); // a splice: the line goes on, no token boundary
                line++;
                lineStart = i;
                continue;
            }
            if (c == '\n') {
                line++;
                space = true;
                i++;
                lineStart = i;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0B) {
                space = true;
                i++;
                continue;
            }
            if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                int stop = end < 0 ? n : end + 2;
                int newlines = count(s, i, stop, '\n');
                if (newlines > 0) {
                    line += newlines;
                    lineStart = s.lastIndexOf('\n', stop - 1) + 1;
                }
                i = stop;
                space = true;
                continue;
            }
            if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                // To the end of the line, spliced lines included; the newline itself ends it.
                int k = i + 2;
                while (k < n && s.charAt(k) != '\n') {
                    if (s.charAt(k) == '\\' && k + 1 < n && (s.charAt(k + 1) == '\n' || s.charAt(k + 1) == '\r')) {
                        k = skipNewline(s, k + 1);
                        line++;
                        lineStart = k;
                        continue;
                    }
                    k++;
                }
                i = k;
                space = true;
                continue;
            }
            int start = i;
            int startLine = line;
            int startColumn = i - lineStart;
            if (c == '"' || c == '\'') {
                i = literalEnd(s, i, c);
                int newlines = count(s, start, i, '\n'); // only through splices inside the literal
                if (newlines > 0) {
                    line += newlines;
                    lineStart = s.lastIndexOf('\n', i - 1) + 1;
                }
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$'
                    || c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
                i = wordEnd(s, i);
            } else {
                i++;
            }
            out.add(new Token(s.substring(start, i), startLine, startColumn, space));
            space = false;
        }
        return out;
    }

    /** Index after the newline that starts at {@code i} (LF or CR LF or CR). */
    private static int skipNewline(String s, int i) {
        if (s.charAt(i) == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
            return i + 2;
        }
        return i + 1;
    }

    /** End of a string or character literal starting at {@code i}; an unterminated one ends at its line's end. */
    private static int literalEnd(String s, int i, char quote) {
        int k = i + 1;
        int n = s.length();
        while (k < n) {
            char ch = s.charAt(k);
            if (ch == '\\' && k + 1 < n) {
                k += 2;
                continue;
            }
            if (ch == quote) {
                return k + 1;
            }
            if (ch == '\n') {
                return k;
            }
            k++;
        }
        return n;
    }

    /**
     * End of an identifier or preprocessing number (letters, digits, '_', '.', and a sign after an exponent letter:
     * {@code 1e+5}, {@code 0x1p-3}).
     */
    private static int wordEnd(String s, int i) {
        int k = i;
        int n = s.length();
        while (k < n) {
            char ch = s.charAt(k);
            if (Character.isLetterOrDigit(ch) || ch == '_' || ch == '.' || ch == '$') {
                k++;
            } else if ((ch == '+' || ch == '-') && k > i && "eEpP".indexOf(s.charAt(k - 1)) >= 0
                    && Character.isDigit(s.charAt(i))) {
                k++;
            } else {
                break;
            }
        }
        return k;
    }

    private static int count(String s, int from, int to, char ch) {
        int c = 0;
        for (int k = from; k < to; k++) {
            if (s.charAt(k) == ch) {
                c++;
            }
        }
        return c;
    }
}
