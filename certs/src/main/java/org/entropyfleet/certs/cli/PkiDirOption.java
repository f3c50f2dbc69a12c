package org.entropyfleet.certs.cli;

import org.entropyfleet.certs.store.PkiLayout;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --dir DIR}: the PKI directory every subcommand works on. */
public final class PkiDirOption {
    public static final String DEFAULT_DIR = "/etc/entropy-fleet/pki";

    @Option(names = {"-d", "--dir"}, paramLabel = "DIR", defaultValue = DEFAULT_DIR,
            description = "PKI directory (layout: see 'certs --help').")
    Path dir;

    public PkiLayout layout() {
        return new PkiLayout(dir);
    }
}
