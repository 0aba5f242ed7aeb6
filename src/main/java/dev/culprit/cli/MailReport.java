package dev.culprit.cli;

import dev.culprit.bisect.BisectResult;
import dev.culprit.bisect.Mode;
import dev.culprit.bisect.Outcome;
import dev.culprit.vcs.Maintainers;

import java.util.Locale;

/**
 * The mail-ready text of a found culprit ({@code --mail FILE}): headers a mail client or {@code git send-email}
 * can take, then the culprit, the crash, a ready {@code Fixes:} tag, the bisection log and the kernel config.
 */
public final class MailReport {
    /**
     * What goes into the mail besides the result.
     *
     * @param culpritDescription the culprit as git shows it (header, message, diffstat)
     * @param recipients         To and Cc
     * @param log                the bisection log
     * @param config             the kernel config ("" when not a kernel bisection)
     */
    public record Input(String culpritDescription, Maintainers.Recipients recipients, String log, String config) {
    }

    private MailReport() {
    }

    public static String render(BisectResult result, Input in) {
        if (result.outcome() != Outcome.FOUND || result.culprits().isEmpty() || result.culprits().get(0).hash() == null) {
            throw new IllegalArgumentException("a mail report needs a found culprit");
        }
        BisectResult.Culprit c = result.culprits().get(0);
        String title = result.targetTitle().isEmpty() ? "crash" : result.targetTitle();
        StringBuilder b = new StringBuilder();
        b.append("Subject: [culprit] ").append(title).append('\n');
        b.append("To: ").append(String.join(", ", in.recipients().to())).append('\n');
        if (!in.recipients().cc().isEmpty()) {
            b.append("Cc: ").append(String.join(", ", in.recipients().cc())).append('\n');
        }
        b.append('\n');
        b.append("culprit bisection found the commit that ")
                .append(result.mode() == Mode.FIX ? "fixed" : "introduced")
                .append(" this crash:\n\n");
        b.append(indent(in.culpritDescription().strip())).append("\n\n");
        b.append(String.format(Locale.ROOT, "confidence: %.2f%n", result.confidence()));
        if (!result.flags().isEmpty()) {
            b.append("flags: ").append(String.join(", ", result.flags())).append('\n');
        }
        b.append("\ncrash: ").append(title).append('\n');
        if (!result.crashReport().isBlank()) {
            b.append('\n').append(result.crashReport().strip()).append('\n');
        }
        if (result.mode() == Mode.CAUSE) {
            b.append("\nIf the culprit is confirmed, the fix can carry:\n\n");
            b.append(fixesTag(c.hash(), c.title())).append('\n');
        }
        b.append("\nbisection log:\n\n").append(in.log().strip()).append('\n');
        if (!in.config().isBlank()) {
            b.append("\nkernel config:\n\n").append(in.config().strip()).append('\n');
        }
        return b.toString();
    }

    /** {@code Fixes: 0123456789ab ("subject")}, as Documentation/process/submitting-patches.rst asks. */
    public static String fixesTag(String hash, String subject) {
        return "Fixes: " + hash.substring(0, Math.min(12, hash.length())) + " (\"" + subject + "\")";
    }

    private static String indent(String text) {
        return text.lines().map(l -> l.isEmpty() ? l : "  " + l).reduce((a, x) -> a + "\n" + x).orElse("");
    }
}
