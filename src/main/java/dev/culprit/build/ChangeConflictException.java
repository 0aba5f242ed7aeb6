package dev.culprit.build;

/** A {@link Change} does not apply cleanly to the commit it was to be put on: a fact to report, not a failure. */
public final class ChangeConflictException extends RuntimeException {
    public ChangeConflictException(String message) {
        super(message);
    }
}
