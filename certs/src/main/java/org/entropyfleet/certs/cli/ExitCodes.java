package org.entropyfleet.certs.cli;

/**
 * The {@code certs} tool's exit codes: the suite's table ({@link org.entropyfleet.link.cli.ExitCodes}) under
 * this tool's names, plus its own 3 and 4; picocli usage errors are 2 too.
 */
public final class ExitCodes {
    public static final int OK = org.entropyfleet.link.cli.ExitCodes.OK;
    public static final int RUNTIME = org.entropyfleet.link.cli.ExitCodes.FAILURE;
    public static final int USAGE = org.entropyfleet.link.cli.ExitCodes.CONFIG;
    /** {@code certs list --expiring WINDOW}: at least one unrevoked certificate expires within WINDOW. */
    public static final int EXPIRING = 3;
    /** {@code certs check} / {@code certs repair}: the CA database disagrees with the files on disk. */
    public static final int DAMAGED = 4;

    private ExitCodes() {
    }
}
