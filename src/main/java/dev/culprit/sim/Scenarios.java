package dev.culprit.sim;

import dev.culprit.common.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The built-in scenarios ({@code src/main/resources/sim}) and scenario files. */
public final class Scenarios {
    private Scenarios() {
    }

    /** The standard mix of issue 4, in table order. */
    public static List<Scenario> standardMix() {
        List<Scenario> out = new ArrayList<>();
        for (String name : resource("standard-mix.txt").strip().split("\n")) {
            out.add(builtIn(name.strip()));
        }
        return out;
    }

    /** Names of every built-in scenario: the standard mix and seed-replay. */
    public static List<String> builtInNames() {
        List<String> names = new ArrayList<>();
        for (String name : resource("standard-mix.txt").strip().split("\n")) {
            names.add(name.strip());
        }
        names.add("seed-replay");
        return names;
    }

    public static Scenario builtIn(String name) {
        if (!name.matches("[a-z0-9.-]+")) {
            throw new BadInputException("no built-in scenario named '" + name + "'");
        }
        return Scenario.parse(resource(name + ".json"), name);
    }

    /** A built-in scenario by name, else a scenario file by path. */
    public static Scenario load(String nameOrFile) {
        if (builtInNames().contains(nameOrFile)) {
            return builtIn(nameOrFile);
        }
        Path p = Path.of(nameOrFile);
        if (!Files.isRegularFile(p)) {
            throw new BadInputException("--scenario " + nameOrFile + " is neither a built-in scenario ("
                    + String.join(", ", builtInNames()) + ") nor a file");
        }
        try {
            return Scenario.parse(Files.readString(p), nameOrFile);
        } catch (IOException e) {
            throw new BadInputException("cannot read scenario " + nameOrFile + ": " + e.getMessage());
        }
    }

    private static String resource(String name) {
        try (InputStream in = Scenarios.class.getResourceAsStream("/sim/" + name)) {
            if (in == null) {
                throw new BadInputException("no built-in scenario named '" + name.replace(".json", "") + "'");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in resource " + name, e);
        }
    }
}
