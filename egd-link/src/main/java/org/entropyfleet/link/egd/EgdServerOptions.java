package org.entropyfleet.link.egd;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-connection time limits of an EGD server.
 *
 * @param partialFrameTimeout how long a connection may sit with part of a request received
 *                            (slow-loris guard); must be positive
 * @param idleTimeout         how long a connection may sit between complete requests with nothing
 *                            outstanding; {@link Duration#ZERO} means never (egd-linux on a
 *                            modern kernel connects and then stays silent, by design)
 * @param blockingReadTimeout how long a 0x02 may wait for entropy before the connection is
 *                            closed; must be positive
 */
public record EgdServerOptions(Duration partialFrameTimeout, Duration idleTimeout, Duration blockingReadTimeout) {

    /** Defaults: 10 s to finish a frame, never idle out, 30 s for a blocking read. */
    public static final EgdServerOptions DEFAULTS =
            new EgdServerOptions(Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(30));

    public EgdServerOptions {
        Objects.requireNonNull(partialFrameTimeout, "partialFrameTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(blockingReadTimeout, "blockingReadTimeout");
        if (partialFrameTimeout.isNegative() || partialFrameTimeout.isZero()) {
            throw new IllegalArgumentException("partial-frame timeout must be positive");
        }
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idle timeout must be 0 (never) or positive");
        }
        if (blockingReadTimeout.isNegative() || blockingReadTimeout.isZero()) {
            throw new IllegalArgumentException("blocking-read timeout must be positive");
        }
    }
}
