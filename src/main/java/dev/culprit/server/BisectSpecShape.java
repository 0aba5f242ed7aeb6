package dev.culprit.server;

import java.util.Map;

/**
 * The options a {@code culprit bisect} job spec may hold, by name without the leading dashes: what the server
 * accepts is exactly what the command line takes (the cli package reads it off the command's model).
 *
 * @param options each option's kind
 */
public record BisectSpecShape(Map<String, Kind> options) {
    /** How an option takes its value. */
    public enum Kind {
        /** A flag: true or false. */
        FLAG,
        /** One value. */
        SINGLE,
        /** Repeatable: a list of values. */
        LIST
    }

    public BisectSpecShape {
        options = Map.copyOf(options);
    }
}
