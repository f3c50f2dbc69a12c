package org.entropyfleet.link.local;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.entropyfleet.link.config.Endpoint;

/**
 * The keys both agents' {@code local-egd:} blocks share, validated once, here: {@code listen} (required;
 * loopback or {@code unix:/path}, since the endpoint is plaintext and unauthenticated),
 * {@code idle-timeout} (0, the default, means never: QEMU rng-egd does not reconnect) and the
 * {@link LocalAccess} keys. Each agent's own {@code LocalEgdConfig} record adds its keys around it.
 */
public record LocalEgdListen(Endpoint listen, LocalAccess access, Duration idleTimeout) {

    /**
     * Validates the keys as written (null = left out).
     *
     * @throws IllegalArgumentException {@code key 'x': ...}
     */
    public static LocalEgdListen of(Endpoint listen, Integer maxClients, Integer maxClientsPerUser, Duration idleTimeout,
            String socketGroup, String socketMode) {
        if (listen == null) {
            throw new IllegalArgumentException("key 'listen': required (127.0.0.1:PORT, [::1]:PORT or unix:/path)");
        }
        if (!listen.isUnix() && !isLoopback(listen.host())) {
            throw new IllegalArgumentException("key 'listen': '" + listen.host() + "' is not a loopback address;"
                    + " the local EGD endpoint is plaintext and unauthenticated and must stay on this machine"
                    + " (use 127.0.0.1, ::1, localhost or unix:/path)");
        }
        LocalAccess access = LocalAccess.of(listen, maxClients, maxClientsPerUser, socketGroup, socketMode);
        Duration idle = idleTimeout == null ? Duration.ZERO : idleTimeout;
        if (idle.isNegative()) {
            throw new IllegalArgumentException("key 'idle-timeout': must be 0 (never) or positive");
        }
        return new LocalEgdListen(listen, access, idle);
    }

    /** A loopback literal or "localhost"; never resolves other names (no DNS at config time, a name could move). */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!NetUtil.isValidIpV4Address(h) && !NetUtil.isValidIpV6Address(h)) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
