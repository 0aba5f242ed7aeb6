package dev.culprit.bisect;

import java.util.Arrays;

/** ln(n!) for growing n, tabulated on demand. Not thread-safe: one per strategy. */
final class LogFactorials {
    private double[] table = {0.0};

    double get(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative factorial");
        }
        if (n >= table.length) {
            int old = table.length;
            table = Arrays.copyOf(table, Math.max(n + 1, 2 * old));
            for (int i = old; i < table.length; i++) {
                table[i] = table[i - 1] + Math.log(i);
            }
        }
        return table[n];
    }
}
