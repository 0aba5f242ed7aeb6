package dev.culprit.bisect;

import java.util.Locale;

/** The overall verdict of a bisection. */
public enum Outcome {
    /** One commit holds the answer with the requested confidence. */
    FOUND,
    /** No single commit: the answer lies among untestable or masked commits, or the budget ran out. */
    INCONCLUSIVE,
    /** The oldest end tested already crashes. */
    CRASHES_ON_OLDEST,
    /** The starting commit did not crash. */
    NOT_REPRODUCED;

    /** The name scripts read: {@code found}, {@code crashes-on-oldest}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
