package org.entropyfleet.certs.cli;

/**
 * A failure the user can act on. The message is printed as-is (after "certs: "), so it names the
 * file or argument at fault; the exit code says whether to fix the command line / files
 * ({@link ExitCodes#USAGE}) or retry / investigate ({@link ExitCodes#RUNTIME}).
 */
public final class CertsException extends RuntimeException {
    private final int exitCode;

    private CertsException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** Bad argument, missing CA, corrupt or undecryptable file: exit 2. */
    public static CertsException config(String message) {
        return new CertsException(ExitCodes.USAGE, message, null);
    }

    public static CertsException config(String message, Throwable cause) {
        return new CertsException(ExitCodes.USAGE, message, cause);
    }

    /** The command was well-formed but could not be carried out (I/O, state conflict): exit 1. */
    public static CertsException runtime(String message) {
        return new CertsException(ExitCodes.RUNTIME, message, null);
    }

    public static CertsException runtime(String message, Throwable cause) {
        return new CertsException(ExitCodes.RUNTIME, message, cause);
    }

    public int exitCode() {
        return exitCode;
    }
}
