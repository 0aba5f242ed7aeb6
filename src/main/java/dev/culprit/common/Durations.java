package dev.culprit.common;

import java.time.Duration;
import java.util.Locale;

/** Durations as Go prints them ("4h22m19.282s"), since the log stays line-compatible with syzbot's. */
public final class Durations {
    private Durations() {
    }

    public static String format(Duration d) {
        long millis = d.toMillis();
        if (millis == 0) {
            return "0s";
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        long hours = millis / 3_600_000;
        long minutes = (millis / 60_000) % 60;
        double seconds = (millis % 60_000) / 1000.0;
        StringBuilder sb = new StringBuilder();
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            sb.append(minutes).append('m');
        }
        String s = String.format(Locale.ROOT, "%.3f", seconds);
        s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        sb.append(s).append('s');
        return sb.toString();
    }

    /** Parses "90s", "5m", "2h", "1h30m", "500ms" or a plain number of seconds. */
    public static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        if (!t.matches("(\\d+(h|ms|m|s))+")) {
            throw new BadInputException("bad duration '" + text + "': use e.g. 90s, 5m, 1h30m");
        }
        Duration total = Duration.ZERO;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(h|ms|m|s)").matcher(t);
        while (m.find()) {
            long v = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(v);
                case "m" -> Duration.ofMinutes(v);
                case "ms" -> Duration.ofMillis(v);
                default -> Duration.ofSeconds(v);
            });
        }
        return total;
    }
}
