package org.entropyfleet.host.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.link.local.LocalAccess;

/**
 * {@code local-egd: {listen: unix:/run/entropy-fleet/host-egd.sock | 127.0.0.1:7777, ...}}: a plaintext EGD
 * listener for processes on this host. Having no authentication, it must never listen beyond loopback.
 * Its connections have their own limits, apart from the TLS listener's {@code max-connections}, so a
 * flood on one side cannot lock out the other.
 *
 * @param listen            unix:/path or a loopback address
 * @param maxClients        concurrent local connections (default 64)
 * @param maxClientsPerUser TCP only: concurrent connections per local user (default a quarter of maxClients)
 * @param idleTimeout       0 (default) = never close idle clients: QEMU rng-egd does not reconnect
 * @param socketGroup       unix only: group of the socket file (default: the agent's own group)
 * @param socketMode        unix only: mode of the socket file, octal (default 0660)
 */
public record LocalEgdConfig(Endpoint listen, Integer maxClients, Integer maxClientsPerUser, Duration idleTimeout,
        String socketGroup, String socketMode) {
    public LocalEgdConfig {
        if (listen == null) {
            throw new IllegalArgumentException("key 'listen': required");
        }
        if (!listen.isUnix() && !isLoopback(listen.host())) {
            throw new IllegalArgumentException("key 'listen': '" + listen.host()
                    + "' is not a loopback address; the local EGD listener is unauthenticated "
                    + "(use 127.0.0.1, ::1, localhost or unix:/path)");
        }
        LocalAccess access = LocalAccess.of(listen, maxClients, maxClientsPerUser, socketGroup, socketMode);
        maxClients = access.maxClients();
        maxClientsPerUser = access.maxClientsPerUser();
        socketMode = access.socketModeText();
        idleTimeout = idleTimeout == null ? Duration.ZERO : idleTimeout;
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("key 'idle-timeout': must be 0 (never) or positive");
        }
    }

    /** Only the listen key: the defaults for everything else. */
    public static LocalEgdConfig of(Endpoint listen) {
        return new LocalEgdConfig(listen, null, null, null, null, null);
    }

    public LocalAccess access() {
        return new LocalAccess(maxClients, maxClientsPerUser, socketGroup, LocalAccess.parseMode(socketMode));
    }

    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        // literals only: a name could resolve anywhere later
        if (!h.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
