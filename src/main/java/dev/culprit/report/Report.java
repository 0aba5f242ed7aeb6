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

    /**
     * Whether this report and the other describe the same bug: equal titles after normalisation, or the same
     * guilty frame and a compatible type.
     */
    public boolean sameBug(Report other) {
        return Titles.normalize(title).equals(Titles.normalize(other.title));
    }
}
