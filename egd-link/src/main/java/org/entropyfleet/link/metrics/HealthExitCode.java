package org.entropyfleet.link.metrics;

/**
 * Exit codes of the agents' {@code status} commands, following {@code /healthz} so scripts and
 * monitoring can tell the cases apart: 0 ok, 5 degraded, 6 down, 7 unreachable (the metrics endpoint
 * cannot be reached or answers nonsense). They sit in the suite's one exit-code table: 1 runtime
 * failure, 2 usage or configuration error, 3 and 4 belong to {@code certs}.
 */
public final class HealthExitCode {
    public static final int OK = 0;
    public static final int DEGRADED = 5;
    public static final int DOWN = 6;
    public static final int UNREACHABLE = 7;

    private HealthExitCode() {
    }

    /** The exit code for a {@code /healthz} answer's body. */
    public static int of(String healthzBody) {
        return of(Health.parseLevel(healthzBody));
    }

    public static int of(Health.Level level) {
        return switch (level) {
            case OK -> OK;
            case DEGRADED -> DEGRADED;
            case DOWN -> DOWN;
        };
    }
}
