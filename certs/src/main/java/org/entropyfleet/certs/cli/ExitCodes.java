package org.entropyfleet.certs.cli;

/** Exit codes shared by every entropy-fleet CLI (see the contract); picocli usage errors are 2 too. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int RUNTIME = 1;
    public static final int USAGE = 2;
    /** {@code certs list --expiring WINDOW}: at least one unrevoked certificate expires within WINDOW. */
    public static final int EXPIRING = 3;
    /** {@code certs check} / {@code certs repair}: the CA database disagrees with the files on disk. */
    public static final int DAMAGED = 4;

    private ExitCodes() {
    }
}
