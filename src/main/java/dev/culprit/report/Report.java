package dev.culprit.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One crash report found in console text.
 *
 * @param title          the crash title ("general protection fault in hwsim_set_edge_lqi")
 * @param altTitles      other titles the same crash is known by
 * @param type           the kind of crash
 * @param corrupted      the report is truncated, interleaved or missing its stack
 * @param corruptedReason why it is corrupted ("" when not)
 * @param suppressed     the report matches a suppression (not interesting)
 * @param guiltyFrame    the frame blamed in the title
 * @param frames         the stack frames in order, innermost first
 * @param start          offset of the report's first character in the console text
 * @param end            offset just past the report's last character
 * @param text           the report text (console[start, end))
 */
public record Report(String title, List<String> altTitles, CrashType type, boolean corrupted, String corruptedReason,
                     boolean suppressed, Optional<Frame> guiltyFrame, List<Frame> frames, int start, int end,
                     String text) {

    public Report {
        Objects.requireNonNull(title, "title");
        if (title.isBlank()) {
            throw new IllegalArgumentException("a report needs a title");
        }
        altTitles = List.copyOf(altTitles);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(corruptedReason, "corruptedReason");
        Objects.requireNonNull(guiltyFrame, "guiltyFrame");
        frames = List.copyOf(frames);
        Objects.requireNonNull(text, "text");
    }

    /** A report made up by culprit itself (a signal, an exit status, a time-out, a simulated crash). */
    public static Report synthetic(String title, CrashType type) {
        return new Report(title, List.of(), type, false, "", false, Optional.empty(), List.of(), 0, 0, "");
    }

    /** The crash category syzkaller would file this report under ({@code KASAN-READ}, {@code HANG}, ...). */
    public String category() {
        return Category.of(title);
    }

    /** The machine printed nothing for too long: the test hung before it could report anything. */
    public static Report noOutput() {
        return synthetic("no output from test machine", CrashType.NO_OUTPUT);
    }

    /** The connection to the test machine dropped (it rebooted, or its console died) without a crash report. */
    public static Report lostConnection() {
        return synthetic("lost connection to test machine", CrashType.LOST_CONNECTION);
    }

    /** The test ran past its time limit while the machine kept printing. */
    public static Report timedOut() {
        return synthetic("timed out", CrashType.TIMEOUT);
    }

    /**
     * Whether a title typed by a user (syzbot's, say) may name this report although culprit titles it otherwise:
     * the same kind of crash (the titles up to their last {@code " in "}, normalised) and the typed title's function
     * among this report's frames. {@code WARNING in __fortify_report} (syzbot's title before syzkaller learned to
     * pass over that helper) may name a report culprit titles {@code WARNING in bch2_sb_to_text} when
     * __fortify_report is in its stack.
     */
    public boolean mayBeNamed(String typed) {
        int in = typed.lastIndexOf(" in ");
        int own = title.lastIndexOf(" in ");
        // (the kinds compared as whole titles of one function: normalisation folds e.g. KASAN's access direction)
        if (in <= 0 || own <= 0 || frames.isEmpty() || !Titles.normalize(typed.substring(0, in) + " in f")
                .equals(Titles.normalize(title.substring(0, own) + " in f"))) {
            return false;
        }
        String function = Titles.baseFunction(Frames.canonical(typed.substring(in + 4).strip()));
        for (Frame f : frames) {
            if (Titles.baseFunction(Frames.canonical(f.function())).equals(function)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether this report and the other describe the same bug. The rule, in order:
     * <ol>
     *   <li>their titles are equal after {@link Titles#normalize normalisation} (addresses, numbers, compiler
     *       suffixes, syscall wrapper prefixes and the KASAN access direction folded):
     *       {@code KASAN: use-after-free Read in f} = {@code KASAN: use-after-free Write in f};
     *       {@code INFO: rcu detected stall in __x64_sys_futex} = {@code INFO: rcu detected stall in sys_futex};</li>
     *   <li>a report without frames (synthetic: signal, exit status, time-out, a title typed by a user) matches
     *       by title only;</li>
     *   <li>otherwise they match when their guilty frames name the same function and their types are
     *       {@link CrashType#compatibleWith compatible}: {@code KASAN: use-after-free Read in f} =
     *       {@code general protection fault in f} (both bad memory accesses in f), but
     *       {@code WARNING in kvm_wait} &ne; {@code general protection fault in hwsim_set_edge_lqi} (different
     *       functions) and {@code WARNING in f} &ne; {@code general protection fault in f} (a warning is not a
     *       bad access);</li>
     *   <li>a report whose guilty frame could not be found ({@code ... in corrupted}) matches only by title.</li>
     * </ol>
     * The relation is symmetric.
     */
    public boolean sameBug(Report other) {
        if (Titles.normalize(title).equals(Titles.normalize(other.title))) {
            return true;
        }
        if (frames.isEmpty() || other.frames.isEmpty() || guiltyFrame.isEmpty() || other.guiltyFrame.isEmpty()) {
            return false;
        }
        String a = Titles.baseFunction(Frames.canonical(guiltyFrame.get().function()));
        String b = Titles.baseFunction(Frames.canonical(other.guiltyFrame.get().function()));
        return a.equals(b) && type.compatibleWith(other.type);
    }
}
