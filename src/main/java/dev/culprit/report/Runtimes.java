package dev.culprit.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a language runtime prints when it ends a program: an uncaught Python, Java, Node.js or C++ exception, a Go
 * or Rust panic, a Go fatal error. Read only for a process that failed (non-zero exit, signal): a program that
 * logs a caught exception's trace and exits 0 has not crashed.
 *
 * <p>Titles name the runtime, the kind of failure and the innermost function that belongs to the program (not to
 * the language's own library), as kernel titles name the guilty frame: {@code Python KeyError in load_config},
 * {@code Java NullPointerException in Parser.next}, {@code Go panic: runtime error: index out of range in
 * main.parse}. They leave out what changes from run to run or commit to commit: line numbers, values, addresses,
 * the text of a custom message, the numbering of anonymous functions. Two unrelated failures of one program then
 * get different titles where {@code exit status 1} gave both the same.
 */
final class Runtimes {
    private Runtimes() {
    }

    /** Frames kept in a report. */
    private static final int MAX_FRAMES = 64;

    /** The failure the runtime printed last (the one that ended the program), if any. */
    static Optional<Report> lastFailure(Console c) {
        Report last = null;
        for (int i = 0; i < c.size(); i++) {
            String s = c.content(i);
            Report r = null;
            if (s.startsWith("Traceback (most recent call last):")) {
                r = python(c, i);
            } else if (s.startsWith("Exception in thread \"")) {
                r = java(c, i);
            } else if (s.startsWith("panic: ") || s.startsWith("fatal error: ")) {
                r = go(c, i);
            } else if (s.startsWith("thread '") && s.contains("' panicked at ")
                    || s.startsWith("thread '") && s.contains(") panicked at ")) {
                r = rust(c, i);
            } else if (s.startsWith("terminate called after throwing an instance of '")
                    || s.startsWith("libc++abi: terminating due to uncaught exception of type ")
                    || s.startsWith("libc++abi: terminating with uncaught exception of type ")) {
                r = cpp(c, i, s);
            } else if (s.startsWith("    at ") && i > 0 && !c.content(i - 1).startsWith("    at ")) {
                r = node(c, i);
            }
            if (r != null) {
                last = r;
                i = Math.max(i, c.lineOf(r.end() - 1));
            }
        }
        if (last == null || printedLines(c, c.lineOf(last.end() - 1) + 1) > MAX_LINES_AFTER) {
            // Much output after the trace: the program went on, so the trace was logged, not what ended it.
            return Optional.empty();
        }
        return Optional.of(last);
    }

    /**
     * Lines a failure may be followed by and still be what ended the program: a runtime's version line ({@code
     * Node.js v20.1.0}), {@code exit status 2} from {@code go run}, make's {@code Error 1}, a wrapper's message.
     */
    static final int MAX_LINES_AFTER = 5;

    private static int printedLines(Console c, int from) {
        int n = 0;
        for (int k = from; k < c.size(); k++) {
            if (!c.content(k).isBlank()) {
                n++;
            }
        }
        return n;
    }

    // ---- Python -------------------------------------------------------------------------------------------------

    /**
     * {@code Traceback (most recent call last):}, then {@code   File "p.py", line 8, in parse} lines (each with its
     * source line and markers below it), then the exception line {@code module.Type: message} at the left margin.
     */
    private static Report python(Console c, int at) {
        List<Frame> frames = new ArrayList<>();
        int end = c.size();
        for (int k = at + 1; k < end; k++) {
            String s = c.content(k);
            if (s.startsWith("  File \"")) {
                Frame f = pythonFrame(s);
                if (f != null) {
                    frames.add(0, f); // innermost first, as every other stack here
                }
                continue;
            }
            if (s.startsWith(" ") || s.isEmpty()) {
                continue; // source lines, caret markers
            }
            String type = exceptionType(s);
            if (type == null) {
                return null;
            }
            Frame guilty = firstOwn(frames, Runtimes::pythonLibrary);
            String title = "Python " + type + (guilty == null ? "" : " in " + guilty.function());
            // (the exception line, with the type and message, ends the report)
            return UserSpace.make(c, at, k + 1, title, CrashType.EXCEPTION, guilty, frames, false);
        }
        return null;
    }

    /** {@code   File "/src/p.py", line 8, in parse_record}. */
    private static Frame pythonFrame(String s) {
        int q = s.indexOf('"', 8);
        int in = s.lastIndexOf(", in ");
        if (q < 0 || in < q) {
            return null;
        }
        String function = s.substring(in + 5).strip();
        String file = s.substring(8, q);
        if (function.equals("<module>")) {
            function = baseName(file); // the script's top level: its file is what names it
        }
        return new Frame(function, file, false, false);
    }

    /** The interpreter's own modules and installed packages, and frozen bootstrap code. */
    private static boolean pythonLibrary(Frame f) {
        String file = f.file();
        return file.startsWith("<frozen ") || file.contains("/lib/python") || file.contains("\\lib\\")
                || file.contains("/site-packages/") || file.contains("/dist-packages/");
    }

    /**
     * {@code json.decoder.JSONDecodeError: Expecting value}, {@code KeyError: 'k'}, {@code AssertionError}: the type's
     * own name, or null when the line is not an exception line.
     */
    private static String exceptionType(String s) {
        int colon = s.indexOf(':');
        String type = colon < 0 ? s.strip() : s.substring(0, colon);
        if (type.isEmpty() || type.contains(" ") || !Character.isJavaIdentifierStart(type.charAt(0))) {
            return null;
        }
        for (int k = 0; k < type.length(); k++) {
            char ch = type.charAt(k);
            if (!Character.isJavaIdentifierPart(ch) && ch != '.') {
                return null;
            }
        }
        return type.substring(type.lastIndexOf('.') + 1);
    }

    // ---- Java ---------------------------------------------------------------------------------------------------

    /**
     * {@code Exception in thread "main" java.lang.IllegalStateException: msg}, {@code \tat pkg.Cls.m(Cls.java:12)}
     * frames, {@code Caused by: ...} sections: the innermost cause is where the failure began, so it names the crash.
     */
    private static Report java(Console c, int at) {
        String head = c.content(at);
        int close = head.indexOf("\" ", 21);
        if (close < 0) {
            return null;
        }
        String type = exceptionType(head.substring(close + 2));
        if (type == null) {
            return null;
        }
        List<Frame> frames = new ArrayList<>();
        int end = c.size();
        int k = at + 1;
        for (; k < end; k++) {
            String s = c.content(k).stripLeading();
            if (s.startsWith("at ")) {
                Frame f = javaFrame(s.substring(3));
                if (f != null && frames.size() < MAX_FRAMES) {
                    frames.add(f);
                }
            } else if (s.startsWith("Caused by: ")) {
                String cause = exceptionType(s.substring(11));
                if (cause == null) {
                    break;
                }
                type = cause;
                frames.clear();
            } else if (!s.startsWith("... ") && !s.startsWith("Suppressed: ")) {
                break;
            }
        }
        Frame guilty = firstOwn(frames, Runtimes::javaLibrary);
        String title = "Java " + type + (guilty == null ? "" : " in " + guilty.function());
        return UserSpace.make(c, at, k, title, CrashType.EXCEPTION, guilty, frames, false);
    }

    /**
     * {@code java.base/java.util.ArrayList.get(ArrayList.java:427)} as {@code ArrayList.get}; its file as the
     * package's path and the source file's name ({@code java/util/ArrayList.java}), which tells library code apart.
     */
    private static Frame javaFrame(String s) {
        int paren = s.indexOf('(');
        if (paren <= 0) {
            return null;
        }
        String qualified = s.substring(s.lastIndexOf('/', paren) + 1, paren); // without module/loader prefixes
        int method = qualified.lastIndexOf('.');
        if (method <= 0) {
            return null;
        }
        String cls = qualified.substring(0, method);
        int dot = cls.lastIndexOf('.');
        String simple = cls.substring(dot + 1);
        String pkg = dot < 0 ? "" : cls.substring(0, dot + 1).replace('.', '/');
        int close = s.indexOf(')', paren);
        String source = s.substring(paren + 1, close < 0 ? s.length() : close);
        int colon = source.indexOf(':');
        String file = pkg + (colon < 0 ? source : source.substring(0, colon));
        return new Frame(anonymous(simple + "." + qualified.substring(method + 1)), file, false, false);
    }

    private static boolean javaLibrary(Frame f) {
        String file = f.file();
        return file.startsWith("java/") || file.startsWith("javax/") || file.startsWith("jdk/")
                || file.startsWith("sun/") || file.startsWith("com/sun/") || file.startsWith("kotlin/")
                || file.startsWith("scala/") || file.startsWith("org/junit/");
    }

    // ---- Go -----------------------------------------------------------------------------------------------------

    /**
     * {@code panic: runtime error: index out of range [5] with length 3} or {@code fatal error: concurrent map
     * writes}, then the failing goroutine ({@code goroutine 1 [running]:}) with {@code pkg.func(...)} lines, each
     * followed by its {@code \t/path/file.go:12 +0x1d} line.
     */
    private static Report go(Console c, int at) {
        String head = c.content(at);
        int g = -1;
        for (int k = at + 1; k < c.size() && k <= at + 10; k++) {
            if (c.content(k).startsWith("goroutine ")) {
                g = k;
                break;
            }
        }
        if (g < 0) {
            return null;
        }
        List<Frame> frames = new ArrayList<>();
        int end = c.size();
        int k = g + 1;
        for (; k < end; k++) {
            String s = c.content(k);
            if (s.isEmpty()) {
                break; // the next goroutine's dump: not the one that failed
            }
            if (s.startsWith("\t") || s.startsWith("created by ") || s.startsWith("...")) {
                continue;
            }
            int paren = s.lastIndexOf('(');
            if (paren > 0 && s.endsWith(")") && frames.size() < MAX_FRAMES) {
                String fn = s.substring(0, paren);
                String file = k + 1 < end ? goFile(c.content(k + 1)) : "";
                frames.add(new Frame(anonymous(fn), file, false, false));
            }
        }
        // The other goroutines' dumps follow (GOTRACEBACK, fatal errors): they belong to the report too.
        while (k < end && goDumpLine(c.content(k))) {
            k++;
        }
        Frame guilty = firstOwn(frames, Runtimes::goLibrary);
        boolean fatal = head.startsWith("fatal error: ");
        String what = fatal ? head.substring(13) : head.substring(7);
        String kind = fatal ? "Go fatal error: " + withoutValues(what)
                : what.startsWith("runtime error: ") ? "Go panic: " + withoutValues(what) : "Go panic";
        String title = kind + (guilty == null ? "" : " in " + guilty.function());
        return UserSpace.make(c, at, k, title, CrashType.PANIC, guilty, frames, false);
    }

    /** A line of a goroutine dump: its header, a frame, a frame's file line, a separating blank. */
    private static boolean goDumpLine(String s) {
        return s.isEmpty() || s.startsWith("goroutine ") || s.startsWith("\t") || s.startsWith("created by ")
                || s.startsWith("...") || s.endsWith(")") && s.indexOf('(') > 0 && !s.startsWith(" ");
    }

    /** {@code \t/src/app/main.go:12 +0x1d} as {@code /src/app/main.go}. */
    private static String goFile(String s) {
        if (!s.startsWith("\t")) {
            return "";
        }
        String t = s.strip();
        int colon = t.lastIndexOf(':');
        return colon > 0 ? t.substring(0, colon) : t;
    }

    private static boolean goLibrary(Frame f) {
        String fn = f.function();
        return fn.startsWith("runtime.") || fn.startsWith("internal/") || fn.startsWith("sync.")
                || fn.startsWith("panic") || fn.startsWith("testing.") || fn.startsWith("reflect.");
    }

    // ---- Rust ---------------------------------------------------------------------------------------------------

    /**
     * {@code thread 'main' panicked at src/main.rs:2:5:} with the message on the next line (Rust 1.73 on; later
     * versions add the thread id: {@code thread 'main' (1234) panicked at ...}), or {@code thread 'main' panicked
     * at 'message', src/main.rs:2:5} before; then, with RUST_BACKTRACE, numbered frames with {@code at} lines.
     */
    private static Report rust(Console c, int at) {
        String head = c.content(at);
        int p = head.indexOf(" panicked at ");
        String rest = head.substring(p + 13);
        String message;
        String location;
        int k = at + 1;
        if (rest.startsWith("'")) {
            int q = rest.lastIndexOf("', ");
            if (q < 0) {
                return null;
            }
            message = rest.substring(1, q);
            location = rest.substring(q + 3);
        } else {
            location = rest.endsWith(":") ? rest.substring(0, rest.length() - 1) : rest;
            message = k < c.size() ? c.content(k) : "";
            k++;
        }
        List<Frame> frames = new ArrayList<>();
        boolean lastKept = false; // whether the frame the next "at" line belongs to is in frames
        int end = c.size();
        for (; k < end; k++) {
            String s = c.content(k).strip();
            if (s.isEmpty() || s.startsWith("note: ")) {
                if (s.startsWith("note: ")) {
                    k++;
                }
                break;
            }
            int colon = s.indexOf(": ");
            if (colon > 0 && s.substring(0, colon).chars().allMatch(Character::isDigit)) {
                lastKept = frames.size() < MAX_FRAMES;
                if (lastKept) {
                    frames.add(new Frame(rustFunction(s.substring(colon + 2)), "", false, false));
                }
            } else if (s.startsWith("at ") && lastKept) {
                // The frame's source location: "at ./src/main.rs:9:36", "at /rustc/<hash>/library/...".
                Frame f = frames.remove(frames.size() - 1);
                String file = s.substring(3).replaceAll(":\\d+(:\\d+)?$", "");
                frames.add(new Frame(f.function(), file, false, false));
            }
        }
        Frame guilty = firstOwn(frames, Runtimes::rustLibrary);
        String kind = rustKind(message);
        String where = guilty != null ? guilty.function() : baseName(location.replaceAll(":\\d+(:\\d+)?$", ""));
        String title = "Rust panic" + (kind.isEmpty() ? "" : ": " + kind) + " in " + where;
        return UserSpace.make(c, at, k, title, CrashType.PANIC, guilty, frames, false);
    }

    /** {@code core::option::Option<T>::unwrap::h0123456789abcdef} as {@code core::option::Option::unwrap}. */
    private static String rustFunction(String s) {
        String f = selfType(s.replaceAll("::h[0-9a-f]{16}$", ""));
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < f.length(); i++) {
            char ch = f.charAt(i);
            if (ch == '<') {
                depth++;
            } else if (ch == '>') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0) {
                out.append(ch);
            }
        }
        return anonymous(out.toString().replace("::::", "::").replaceAll("::$", ""));
    }

    /**
     * A method of a trait implementation, {@code <app::Setting as core::fmt::Display>::fmt}, named by the type it
     * is implemented for: {@code app::Setting::fmt} (references and {@code dyn} left out). Other names as given.
     */
    private static String selfType(String f) {
        if (!f.startsWith("<")) {
            return f;
        }
        int depth = 0;
        int as = -1;
        for (int i = 0; i < f.length(); i++) {
            char ch = f.charAt(i);
            if (ch == '<') {
                depth++;
            } else if (ch == '>') {
                depth--;
                if (depth == 0) {
                    String self = (as < 0 ? f.substring(1, i) : f.substring(1, as)).strip();
                    self = self.replaceFirst("^&(mut )?", "").replaceFirst("^dyn ", "");
                    return self + f.substring(i + 1);
                }
            } else if (depth == 1 && as < 0 && f.startsWith(" as ", i)) {
                as = i;
            }
        }
        return f;
    }

    private static boolean rustLibrary(Frame f) {
        String fn = f.function();
        String file = f.file();
        // The standard library's sources are shown at /rustc/<commit>/library/; crates from crates.io are in
        // cargo's registry: neither is the program's own code.
        if (file.startsWith("/rustc/") || file.contains("/.cargo/registry/")) {
            return true;
        }
        return fn.startsWith("std::") || fn.startsWith("core::") || fn.startsWith("alloc::")
                || fn.startsWith("__rustc::") || fn.startsWith("rust_begin_unwind") || fn.startsWith("__rust")
                || fn.startsWith("test::");
    }

    /** The standard library's own panic messages, their values left out; a custom message names no kind. */
    private static String rustKind(String message) {
        if (message.startsWith("called `Option::unwrap()` on a `None` value")) {
            return "unwrap on None";
        }
        if (message.startsWith("called `Result::unwrap()` on an `Err` value")) {
            return "unwrap on Err";
        }
        if (message.startsWith("index out of bounds")) {
            return "index out of bounds";
        }
        if (message.startsWith("attempt to ") && message.contains(" with overflow")) {
            return message.substring(0, message.indexOf(" with overflow") + 14);
        }
        if (message.startsWith("attempt to divide by zero")) {
            return "attempt to divide by zero";
        }
        if (message.startsWith("assertion")) {
            return "assertion failed";
        }
        if (message.startsWith("explicit panic") || message.startsWith("not yet implemented")
                || message.startsWith("not implemented") || message.startsWith("internal error: entered unreachable code")) {
            int colon = message.indexOf(':', message.startsWith("internal error") ? 15 : 0);
            return colon < 0 ? message.strip() : message.substring(0, colon);
        }
        return "";
    }

    // ---- C++ ----------------------------------------------------------------------------------------------------

    /**
     * libstdc++: {@code terminate called after throwing an instance of 'std::out_of_range'}; libc++: {@code
     * libc++abi: terminating due to uncaught exception of type std::runtime_error: msg}. No stack is printed.
     */
    private static Report cpp(Console c, int at, String s) {
        String type;
        if (s.startsWith("terminate called")) {
            int q = s.indexOf('\'');
            int e = s.lastIndexOf('\'');
            if (e <= q) {
                return null;
            }
            type = s.substring(q + 1, e);
        } else {
            String t = s.substring(s.indexOf(" of type ") + 9);
            int colon = t.indexOf(": ");
            type = colon < 0 ? t.strip() : t.substring(0, colon);
        }
        int end = at + 1 < c.size() && c.content(at + 1).stripLeading().startsWith("what():") ? at + 2 : at + 1;
        return UserSpace.make(c, at, end, "C++ uncaught exception " + type, CrashType.EXCEPTION, null, List.of(),
                false);
    }

    // ---- Node.js ------------------------------------------------------------------------------------------------

    /**
     * {@code TypeError: Cannot read properties of undefined} at the left margin, then {@code     at f (file:1:2)}
     * frames. Node prints the source line and a caret above it and its version below; only the error line and
     * the frames are needed.
     */
    private static Report node(Console c, int firstFrame) {
        // The error line is at the left margin above the frames; a multi-line message (assert's diffs) sits between.
        int at = -1;
        String type = null;
        for (int k = firstFrame - 1; k >= 0 && k >= firstFrame - NODE_MESSAGE_LINES; k--) {
            String s = c.content(k);
            if (!s.isEmpty() && !s.startsWith(" ")) {
                type = nodeErrorType(s);
                if (type != null) {
                    at = k;
                    break;
                }
            }
        }
        if (type == null) {
            return null;
        }
        List<Frame> frames = new ArrayList<>();
        int end = c.size();
        int k = firstFrame;
        for (; k < end && c.content(k).startsWith("    at "); k++) {
            if (frames.size() < MAX_FRAMES) {
                frames.add(nodeFrame(c.content(k).substring(7)));
            }
        }
        Frame guilty = firstOwn(frames, Runtimes::nodeLibrary);
        String title = "Node.js " + type + (guilty == null ? "" : " in " + guilty.function());
        return UserSpace.make(c, at, k, title, CrashType.EXCEPTION, guilty, frames, false);
    }

    /** Lines a Node.js error's message may take between its first line and its frames. */
    private static final int NODE_MESSAGE_LINES = 20;

    /**
     * {@code TypeError: Cannot read ...}, {@code AssertionError [ERR_ASSERTION]: Expected ...}, {@code Error: boom},
     * {@code Uncaught Error: boom}: the error's type, or null.
     */
    private static String nodeErrorType(String s) {
        String t = s.startsWith("Uncaught ") ? s.substring(9) : s;
        int code = t.indexOf(" [");
        int colon = t.indexOf(':');
        if (code > 0 && (colon < 0 || code < colon)) {
            t = t.substring(0, code) + (colon < 0 ? "" : t.substring(colon));
        }
        String type = exceptionType(t);
        return type != null && (type.endsWith("Error") || type.endsWith("Exception")) ? type : null;
    }

    /** {@code parse (/app/x.js:4:18)}, {@code /app/x.js:4:18} (anonymous), {@code async main (file:///x.mjs:1:1)}. */
    private static Frame nodeFrame(String s) {
        String t = s.startsWith("async ") ? s.substring(6) : s;
        int open = t.lastIndexOf(" (");
        String fn = open < 0 ? "<anonymous>" : t.substring(0, open);
        String loc = open < 0 ? t : t.substring(open + 2, t.endsWith(")") ? t.length() - 1 : t.length());
        int bracket = fn.indexOf(" [as ");
        if (bracket > 0) {
            fn = fn.substring(0, bracket);
        }
        String file = loc.replaceAll(":\\d+:\\d+$", "");
        return new Frame(fn, file, false, false);
    }

    private static boolean nodeLibrary(Frame f) {
        String file = f.file();
        return file.startsWith("node:") || file.equals("<anonymous>") || file.contains("/node_modules/")
                || f.function().equals("<anonymous>") || f.function().startsWith("Object.<anonymous>")
                || f.function().startsWith("process.processTicksAndRejections");
    }

    // ---- shared -------------------------------------------------------------------------------------------------

    /** The innermost frame that is the program's own; null when every frame is the runtime's. */
    private static Frame firstOwn(List<Frame> frames, java.util.function.Predicate<Frame> library) {
        for (Frame f : frames) {
            if (!library.test(f)) {
                return f;
            }
        }
        return null;
    }

    /**
     * Anonymous functions are numbered by their place in the file ({@code main.main.func2}, {@code lambda$run$3},
     * {@code {{closure}}}); the number changes when an unrelated one is added above, so it is left out.
     */
    private static String anonymous(String fn) {
        return fn.replaceAll("\\.func\\d+(\\.\\d+)*", ".func").replaceAll("\\$\\d+", "\\$");
    }

    /** {@code index out of range [5] with length 3} as {@code index out of range}: values differ run to run. */
    private static String withoutValues(String what) {
        String w = what;
        int bracket = w.indexOf(" [");
        if (bracket > 0) {
            w = w.substring(0, bracket);
        }
        return w.strip();
    }

    private static String baseName(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1);
    }
}
