package org.entropyfleet.link.tls;

import java.nio.file.Path;

/**
 * A TLS file (certificate, key, CA bundle, CRL) is missing, unreadable, malformed or too weak.
 * The message always starts with the file's path so operators know which file to fix.
 */
public class TlsConfigException extends Exception {

    private final Path file;

    public TlsConfigException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public TlsConfigException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The offending file. */
    public Path file() {
        return file;
    }
}
