package dev.culprit.build;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Pairs of C sources (\n written as ⏎) and whether the compiler sees the same program, on the same lines. */
class CSourceTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            comment reworded               | int x; /* old */⏎int y;                | int x; /* new words */⏎int y;             | true
            comment added at line end      | int x;⏎int y;                          | int x; // why⏎int y;                      | true
            comment appended after the end | int x;⏎                                | int x;⏎⏎/* lab: harmless */⏎              | true
            indentation changed            | ⏎int f(void) {⏎    return 1;⏎}         | ⏎int f(void) {⏎\t\treturn 1;⏎}            | false
            comment before code shortened  | /* abc */ int x;                       | /* a */ int x;                            | false
            comment on its own line edited | int x;⏎  /* old text */⏎int y;         | int x;⏎  /* new text here */⏎int y;      | true
            multi-line comment reworded    | /* a⏎ * b⏎ */⏎int x;                   | /* c⏎ * d⏎ */⏎int x;                      | true
            comment line inserted          | int x;⏎WARN_ON(x);                     | int x;⏎/* note */⏎WARN_ON(x);             | false
            multi-line comment grows       | /* a */⏎int x;                         | /* a⏎ b */⏎int x;                         | false
            code changed                   | return 1;                              | return 2;                                 | false
            comment text inside a string   | s = "/* a */";                         | s = "/* b */";                            | false
            a line comment spliced on      | // note \\⏎int x;⏎int y;               | // note⏎int x;⏎int y;                     | false
            comment between macro and (    | #define F(x) x                         | #define F/**/(x) x                        | false
            arrow split by a space         | p->q                                   | p- >q                                     | false
            arrow split by a comment       | p->q                                   | p-/**/>q                                  | false
            space removed between tokens   | a = b;                                 | a=b;                                      | false
            character literal              | c = '/';                               | c = '*';                                  | false
            exponent sign in a number      | x = 1e+5;                              | x = 1e-5;                                 | false
            crlf line ends                 | int x; /* a */\r⏎int y;\r⏎              | int x; /* b */\r⏎int y;\r⏎               | true
            """)
    void sameCode(String name, String before, String after, boolean same) {
        assertThat(CSource.sameCode(text(before), text(after))).as(name).isEqualTo(same);
        assertThat(CSource.sameCode(text(after), text(before))).as(name + ", reversed").isEqualTo(same);
        assertThat(CSource.sameCode(text(before), text(before))).as(name + ", itself").isTrue();
    }

    private static String text(String s) {
        return s.replace("⏎", "\n").replace("\\t", "\t").replace("\\r", "\r").replace("\\\\", "\\");
    }
}
