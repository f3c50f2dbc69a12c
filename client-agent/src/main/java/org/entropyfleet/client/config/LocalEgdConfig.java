package org.entropyfleet.client.config;

import java.time.Duration;
import org.entropyfleet.client.local.LocalEntropyBuffer;
import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.link.egd.EgdServerOptions;
import org.entropyfleet.link.local.LocalAccess;
import org.entropyfleet.link.local.LocalEgdListen;

/**
 * The {@code local-egd:} block: a plaintext EGD endpoint for this machine only. The listen address
 * must be a loopback literal, {@code localhost}, or {@code unix:/path}; plaintext never leaves the host.
 *
 * @param listen              127.0.0.1:7777, [::1]:7777, localhost:7777 or unix:/run/entropy-fleet/egd.sock
 * @param bufferBytes         host entropy kept ready for local readers
 * @param maxClients          concurrent local connections
 * @param maxClientsPerUser   TCP only: concurrent connections per local user (default a quarter of maxClients)
 * @param idleTimeout         0 (default) = never close idle clients: QEMU rng-egd does not reconnect
 * @param blockingReadTimeout how long a 0x02 may wait (e.g. during a failover) before the connection closes
 * @param socketGroup         unix only: group of the socket file (default: the agent's own group)
 * @param socketMode          unix only: mode of the socket file, octal (default 0660)
 */
public record LocalEgdConfig(Endpoint listen, Integer bufferBytes, Integer maxClients, Integer maxClientsPerUser,
        Duration idleTimeout, Duration blockingReadTimeout, String socketGroup, String socketMode) {

    public static final int DEFAULT_BUFFER_BYTES = 1024;
    public static final int MAX_BUFFER_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_CLIENTS = LocalAccess.DEFAULT_MAX_CLIENTS;
    public static final Duration DEFAULT_BLOCKING_READ_TIMEOUT = Duration.ofSeconds(60);
    /** A client sitting mid-request this long is closed (slow-loris guard). */
    public static final Duration PARTIAL_FRAME_TIMEOUT = Duration.ofSeconds(10);

    public LocalEgdConfig {
        LocalEgdListen common = LocalEgdListen.of(listen, maxClients, maxClientsPerUser, idleTimeout, socketGroup, socketMode);
        maxClients = common.access().maxClients();
        maxClientsPerUser = common.access().maxClientsPerUser();
        socketMode = common.access().socketModeText();
        idleTimeout = common.idleTimeout();
        bufferBytes = bufferBytes == null ? DEFAULT_BUFFER_BYTES : bufferBytes;
        if (bufferBytes < LocalEntropyBuffer.MIN_CAPACITY || bufferBytes > MAX_BUFFER_BYTES) {
            throw new IllegalArgumentException("key 'buffer-bytes': must be " + LocalEntropyBuffer.MIN_CAPACITY + ".."
                    + MAX_BUFFER_BYTES);
        }
        blockingReadTimeout = blockingReadTimeout == null ? DEFAULT_BLOCKING_READ_TIMEOUT : blockingReadTimeout;
        if (blockingReadTimeout.isNegative() || blockingReadTimeout.isZero()) {
            throw new IllegalArgumentException("key 'blocking-read-timeout': must be positive");
        }
    }

    public LocalAccess access() {
        return new LocalAccess(maxClients, maxClientsPerUser, socketGroup, LocalAccess.parseMode(socketMode));
    }

    public EgdServerOptions serverOptions() {
        return new EgdServerOptions(PARTIAL_FRAME_TIMEOUT, idleTimeout, blockingReadTimeout);
    }
}
