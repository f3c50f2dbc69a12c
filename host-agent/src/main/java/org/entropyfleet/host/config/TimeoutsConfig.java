package org.entropyfleet.host.config;

import java.time.Duration;

/**
 * {@code timeouts:} of the EGD server.
 *
 * @param handshake    TLS handshake; overrides {@code tls.handshake-timeout} when given
 * @param handshakeUnderLoad TLS handshake while {@code max-handshakes} is full (stalled peers are
 *                     cut off sooner, real clients finish in milliseconds)
 * @param partialFrame a connection that sits mid-frame this long is closed (slow loris)
 * @param idle         between complete requests; 0 = never
 * @param blockingRead a 0x02 not satisfied within this closes the connection
 */
public record TimeoutsConfig(Duration handshake, Duration partialFrame, Duration idle, Duration blockingRead,
                             Duration handshakeUnderLoad) {
    public static final Duration DEFAULT_HANDSHAKE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_PARTIAL_FRAME = Duration.ofSeconds(30);
    /** Never: idle connections are cheap, and some clients (QEMU rng-egd behind a relay) never reconnect. */
    public static final Duration DEFAULT_IDLE = Duration.ZERO;
    public static final Duration DEFAULT_BLOCKING_READ = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HANDSHAKE_UNDER_LOAD = Duration.ofSeconds(2);

    public TimeoutsConfig {
        partialFrame = positive(partialFrame, DEFAULT_PARTIAL_FRAME, "partial-frame");
        blockingRead = positive(blockingRead, DEFAULT_BLOCKING_READ, "blocking-read");
        if (handshake != null) {
            positive(handshake, DEFAULT_HANDSHAKE, "handshake");
        }
        handshakeUnderLoad = positive(handshakeUnderLoad, DEFAULT_HANDSHAKE_UNDER_LOAD, "handshake-under-load");
        idle = idle == null ? DEFAULT_IDLE : idle;
        if (idle.isNegative()) {
            throw new IllegalArgumentException("key 'idle': must be ≥ 0 (0 = never)");
        }
    }

    public static TimeoutsConfig defaults() {
        return new TimeoutsConfig(null, null, null, null, null);
    }

    private static Duration positive(Duration d, Duration dflt, String key) {
        Duration v = d == null ? dflt : d;
        if (v.isZero() || v.isNegative()) {
            throw new IllegalArgumentException("key '" + key + "': must be > 0");
        }
        return v;
    }
}
