package org.entropyfleet.client.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.entropyfleet.client.local.LocalEntropyBuffer;
import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.link.egd.EgdServerOptions;
import org.entropyfleet.link.local.LocalAccess;

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
        if (listen == null) {
            throw new IllegalArgumentException("key 'listen': required (127.0.0.1:PORT, [::1]:PORT or unix:/path)");
        }
        if (!listen.isUnix() && !isLoopback(listen.host())) {
            throw new IllegalArgumentException("key 'listen': '" + listen.host() + "' is not a loopback address;"
                    + " the local EGD endpoint is plaintext and must stay on this machine (use 127.0.0.1, ::1 or unix:)");
        }
        bufferBytes = bufferBytes == null ? DEFAULT_BUFFER_BYTES : bufferBytes;
        if (bufferBytes < LocalEntropyBuffer.MIN_CAPACITY || bufferBytes > MAX_BUFFER_BYTES) {
            throw new IllegalArgumentException("key 'buffer-bytes': must be " + LocalEntropyBuffer.MIN_CAPACITY + ".."
                    + MAX_BUFFER_BYTES);
        }
        LocalAccess access = LocalAccess.of(listen, maxClients, maxClientsPerUser, socketGroup, socketMode);
        maxClients = access.maxClients();
        maxClientsPerUser = access.maxClientsPerUser();
        socketMode = access.socketModeText();
        idleTimeout = idleTimeout == null ? Duration.ZERO : idleTimeout;
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("key 'idle-timeout': must be 0 (never) or positive");
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

    /** Loopback literal or "localhost"; never resolves other names (no DNS at config time). */
    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!io.netty.util.NetUtil.isValidIpV4Address(h) && !io.netty.util.NetUtil.isValidIpV6Address(h)) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
