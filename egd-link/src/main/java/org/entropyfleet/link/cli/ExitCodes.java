package org.entropyfleet.link.cli;

import org.entropyfleet.link.config.ConfigException;
import org.entropyfleet.link.metrics.HealthExitCode;
import org.entropyfleet.link.tls.TlsConfigException;
import picocli.CommandLine;

/**
 * The suite's exit codes, one table for both agents: 0 ok, 1 runtime failure (e.g. {@code seed} reached
 * no host), 2 usage or configuration error (check-config failure, unknown key, address in use); the
 * {@code status} codes 5, 6, 7 are {@link HealthExitCode}'s; 3 and 4 belong to {@code certs}.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int CONFIG = 2;

    private ExitCodes() {
    }

    public static int forException(Throwable t) {
        if (t instanceof ConfigException || t instanceof TlsConfigException
                || t instanceof CommandLine.ParameterException) {
            return CONFIG;
        }
        return FAILURE;
    }

    /** One line for the operator: the message, not a stack trace. */
    public static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.toString() : m;
    }
}
