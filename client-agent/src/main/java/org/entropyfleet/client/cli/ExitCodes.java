package org.entropyfleet.client.cli;

import org.entropyfleet.link.config.ConfigException;
import org.entropyfleet.link.tls.TlsConfigException;
import picocli.CommandLine;

/** The suite's exit codes: 0 ok, 1 runtime failure, 2 usage or config error. */
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
