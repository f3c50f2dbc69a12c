package org.entropyfleet.link.metrics;

/**
 * Exit codes of the agents' {@code status} commands, following {@code /healthz} so scripts and
 * monitoring can tell the cases apart: 0 ok, 3 degraded, 4 down, and 1 (the suite's runtime
 * failure) when the agent's metrics endpoint cannot be reached or answers nonsense. 2 stays the
 * suite's usage/config error.
 */
public final class HealthExitCode {
    public static final int OK = 0;
    public static final int UNREACHABLE = 1;
    public static final int DEGRADED = 3;
    public static final int DOWN = 4;

    private HealthExitCode() {
    }

    /** The exit code for a {@code /healthz} answer's body. */
    public static int of(String healthzBody) {
        return switch (Health.parseLevel(healthzBody)) {
            case OK -> OK;
            case DEGRADED -> DEGRADED;
            case DOWN -> DOWN;
        };
    }
}
