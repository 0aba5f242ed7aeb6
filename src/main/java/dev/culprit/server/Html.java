package dev.culprit.server;

/** HTML text escaping: every piece of stored text (titles, commit messages, logs) is untrusted. */
final class Html {
    private Html() {
    }

    /** Escapes for element content and quoted attribute values alike. */
    static String esc(Object o) {
        String s = String.valueOf(o);
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    // Control characters other than tab and newline have no business in a page.
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
