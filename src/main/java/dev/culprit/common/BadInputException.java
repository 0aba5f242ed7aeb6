package dev.culprit.common;

/**
 * The user asked for something that cannot be done as asked (unknown revision, not a repository, bad option
 * value). The message is one line that says what is wrong and what to do; the command exits with status 2.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }
}
