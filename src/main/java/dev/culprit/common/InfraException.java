package dev.culprit.common;

/**
 * The machinery failed (git missing, disk full, a worktree that cannot be created): not the user's input and
 * not the code under test. The message is one line; the command exits with status 3.
 */
public class InfraException extends RuntimeException {
    public InfraException(String message) {
        super(message);
    }

    public InfraException(String message, Throwable cause) {
        super(message, cause);
    }
}
