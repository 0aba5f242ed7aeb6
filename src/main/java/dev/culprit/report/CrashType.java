package dev.culprit.report;

/** The kind of crash a report describes. */
public enum CrashType {
    WARNING, BUG, KASAN, KMSAN, KCSAN, KFENCE, UBSAN, GPF, NULL_DEREF, PAGE_FAULT, LOCKDEP, DEADLOCK, RCU_STALL,
    HUNG_TASK, MEMORY_LEAK, PANIC, DIVIDE_ERROR, INVALID_OPCODE, LIST_CORRUPTION, REFCOUNT, SLEEP_IN_ATOMIC,
    NO_OUTPUT, LOST_CONNECTION, TIMEOUT, SANITIZER, SIGNAL, EXIT_STATUS, ASSERT,
    /** An uncaught exception that ended a program (Python, Java, Node.js, C++). */
    EXCEPTION, UNKNOWN;

    /** Families of crash types that one bug can show as, depending on timing and configuration. */
    public enum Family {
        /** A bad memory access: caught by a sanitizer, or faulting outright (KASAN vs general protection fault). */
        MEMORY,
        /** Something never finishes: stalls, hung tasks, lockups, deadlocks. */
        HANG,
        /** A kernel warning or a failed assertion. */
        WARNING,
        /** Lock misuse found by lockdep. */
        LOCKING,
        /** Everything else: each type is only compatible with itself. */
        OTHER
    }

    public Family family() {
        return switch (this) {
            case BUG, KASAN, KMSAN, KFENCE, UBSAN, GPF, NULL_DEREF, PAGE_FAULT, LIST_CORRUPTION, SANITIZER, SIGNAL,
                 DIVIDE_ERROR, INVALID_OPCODE -> Family.MEMORY;
            case RCU_STALL, HUNG_TASK, DEADLOCK, TIMEOUT -> Family.HANG;
            case WARNING, REFCOUNT, ASSERT -> Family.WARNING;
            case LOCKDEP, SLEEP_IN_ATOMIC -> Family.LOCKING;
            default -> Family.OTHER;
        };
    }

    /**
     * Whether a crash of this type and one of {@code other} in the same guilty function can be the same bug:
     * the same type, or the same {@link Family} (other than {@link Family#OTHER}). {@link #UNKNOWN} is
     * compatible with nothing but itself.
     */
    public boolean compatibleWith(CrashType other) {
        if (this == other) {
            return true;
        }
        Family f = family();
        return f != Family.OTHER && f == other.family();
    }
}
