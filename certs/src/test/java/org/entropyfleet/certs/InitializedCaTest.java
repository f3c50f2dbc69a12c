package org.entropyfleet.certs;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * Base of the command tests that start from a fresh CA: {@code certs init-ca} has run in {@link #pki}
 * (a directory under the test's own temporary directory), and {@link #cli} runs further commands there.
 */
abstract class InitializedCaTest {
    @TempDir
    Path tmp;
    /** The PKI directory ({@code --dir}). */
    Path pki;
    /** {@code pki/issued}, where leaf certificates and keys are written. */
    Path issued;
    Cli cli;

    @BeforeEach
    void initCa() {
        pki = tmp.resolve("pki");
        issued = pki.resolve("issued");
        cli = new Cli(pki);
        cli.run("init-ca").ok();
    }
}
