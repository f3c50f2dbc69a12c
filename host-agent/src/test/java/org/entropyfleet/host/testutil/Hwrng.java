package org.entropyfleet.host.testutil;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's hardware RNG; tests that need it say so loudly when it is absent. */
public final class Hwrng {
    public static final Path PATH = Path.of("/dev/hwrng");

    private Hwrng() {
    }

    public static Path require() {
        if (!Files.exists(PATH)) {
            System.err.println("!!!!!!!! " + PATH + " is ABSENT on this machine: hardware RNG test SKIPPED !!!!!!!!");
        }
        assumeTrue(Files.exists(PATH), PATH + " absent");
        return PATH;
    }
}
