package org.entropyfleet.client.seed;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import org.entropyfleet.link.metrics.HealthExitCode;

/**
 * {@code client-agent status --seed}: the health of a machine in timer mode, from its {@link SeedRecord}.
 * Ok when the last run succeeded within {@code maxAge}; degraded when it failed but an earlier one within
 * {@code maxAge} succeeded (the kernel was seeded recently, the hosts were not reachable this time); down
 * when no run within {@code maxAge} succeeded, or none is recorded.
 */
public final class SeedStatus {
    private SeedStatus() {
    }

    public static int exitCode(SeedRecord r, Instant now, Duration maxAge) {
        if (r == null || r.lastSuccess() == null || r.lastSuccess().plus(maxAge).isBefore(now)) {
            return HealthExitCode.DOWN;
        }
        return r.ok() ? HealthExitCode.OK : HealthExitCode.DEGRADED;
    }

    public static int print(SeedRecord r, Instant now, Duration maxAge, PrintWriter out, boolean json) {
        int code = exitCode(r, now, maxAge);
        String state = code == HealthExitCode.OK ? "ok" : code == HealthExitCode.DEGRADED ? "degraded" : "down";
        if (json) {
            out.println(r == null ? "{\"agent\":\"client-agent\",\"mode\":\"timer\",\"status\":\"down\",\"last-run\":null}"
                    : "{\"agent\":\"client-agent\",\"mode\":\"timer\",\"status\":\"" + state + "\",\"last-run\":\"" + r.time()
                    + "\",\"ok\":" + r.ok() + ",\"host\":\"" + r.host().replace("\"", "") + "\",\"bytes\":" + r.bytes()
                    + ",\"bits-credited\":" + r.bitsCredited() + ",\"last-success\":"
                    + (r.lastSuccess() == null ? "null" : "\"" + r.lastSuccess() + "\"") + ",\"exec-to-credit-ms\":"
                    + (r.execToCredit() == null ? "null" : r.execToCredit().toMillis()) + "}");
        } else if (r == null) {
            out.println("client-agent (timer mode): no seed run recorded: down");
        } else {
            out.printf("client-agent (timer mode): last seed %s ago, %s%n", ago(r.time(), now), r.ok()
                    ? "from " + r.host() + ": " + r.bytes() + " bytes, " + r.bitsCredited() + " bits credited"
                    + (r.execToCredit() == null ? "" : ", " + r.execToCredit().toMillis() + " ms from exec to credit")
                    : "FAILED (no host delivered)");
            if (!r.ok()) {
                out.printf("client-agent (timer mode): last success %s%n",
                        r.lastSuccess() == null ? "never" : ago(r.lastSuccess(), now) + " ago");
            }
            out.printf("status: %s%n", state);
        }
        out.flush();
        return code;
    }

    private static String ago(Instant t, Instant now) {
        long s = Math.max(0, Duration.between(t, now).toSeconds());
        return s < 120 ? s + " s" : s < 7200 ? s / 60 + " min" : s / 3600 + " h";
    }
}
