package dev.culprit.cli;

import dev.culprit.bisect.BisectResult;
import dev.culprit.bisect.Mode;
import dev.culprit.bisect.Outcome;
import dev.culprit.vcs.Maintainers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MailReportTest {
    @Test
    void mailHasHeadersCulpritCrashFixesLogAndConfig() {
        String hash = "7efd80dac2b698c95dba258a8b738c9fb9175651";
        BisectResult r = new BisectResult(Outcome.FOUND, Mode.CAUSE, "9d8bb29b5753fbee8a33ffc4f2a752918b8da43c",
                List.of(new BisectResult.Culprit(hash, "vfs: sanity-check directory names in vfs_mkdir()",
                        "Dana Culprit <dana@culprit.example>", "Wed Jan 24 12:00:00 2024 +0000", 0.97)),
                0.97, List.of(), "WARNING in vfs_mkdir", "", 6, 6, 40, Duration.ofMinutes(3), Duration.ofMinutes(2),
                Duration.ofMinutes(1), List.of(), "WARNING: CPU: 0 PID: 19 at fs/namei.c:4154 vfs_mkdir+0x69/0xa7\n",
                Duration.ofMinutes(3));
        String mail = MailReport.render(r, new MailReport.Input("commit " + hash + "\nAuthor: Dana Culprit",
                new Maintainers.Recipients(List.of("dana@culprit.example", "viro@zeniv.linux.org.uk"),
                        List.of("linux-fsdevel@vger.kernel.org")),
                "bisecting cause commit starting from 9d8bb29b\n", "CONFIG_64BIT=y\n"));
        assertThat(mail).startsWith("Subject: [culprit] WARNING in vfs_mkdir\n"
                        + "To: dana@culprit.example, viro@zeniv.linux.org.uk\n"
                        + "Cc: linux-fsdevel@vger.kernel.org\n\n")
                .contains("  commit " + hash)
                .contains("confidence: 0.97")
                .contains("WARNING: CPU: 0 PID: 19 at fs/namei.c:4154")
                .contains("Fixes: 7efd80dac2b6 (\"vfs: sanity-check directory names in vfs_mkdir()\")")
                .contains("bisection log:\n\nbisecting cause commit")
                .endsWith("kernel config:\n\nCONFIG_64BIT=y\n");
    }
}
