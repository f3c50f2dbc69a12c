package org.entropyfleet.client;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Recognises the daemon's own command line, {@code --config FILE} (also {@code -c FILE},
 * {@code --config=FILE}), so {@link ClientAgentMain} can run the daemon without building the
 * picocli model. Why: picocli is ~180 classes plus the reflection data of every command, option and
 * subcommand, held for the daemon's whole life for one option it reads once (measured ≈ 2 MB RSS, see
 * README "Footprint"). Anything else, and anything picocli would read differently (an {@code @file}, a
 * value that looks like an option or names a subcommand, a path it could not convert), returns null
 * and goes through picocli as before, so errors and help stay picocli's.
 */
final class DaemonArgs {
    /** picocli does not take these as an option's value (they name subcommands). */
    private static final Set<String> SUBCOMMANDS = Set.of("seed", "check-config", "status", "help");

    private DaemonArgs() {
    }

    /** The config file of a plain daemon command line, or null when picocli should parse {@code args}. */
    static Path config(String[] args) {
        String value;
        if (args.length == 2 && (args[0].equals("--config") || args[0].equals("-c"))) {
            value = args[1];
        } else if (args.length == 1 && args[0].startsWith("--config=")) {
            value = args[0].substring("--config=".length());
        } else {
            return null;
        }
        if (value.isEmpty() || value.startsWith("-") || value.startsWith("@") || SUBCOMMANDS.contains(value)) {
            return null;
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
