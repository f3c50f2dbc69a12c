package org.entropyfleet.host.config;

import java.time.Duration;
import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.link.local.LocalAccess;
import org.entropyfleet.link.local.LocalEgdListen;

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
        common(listen, maxClients, maxClientsPerUser, idleTimeout, socketGroup, socketMode);   // validates once, at load
    }

    /** The keys as validated, left-out ones at their defaults. */
    public LocalEgdListen common() {
        return common(listen, maxClients, maxClientsPerUser, idleTimeout, socketGroup, socketMode);
    }

    private static LocalEgdListen common(Endpoint listen, Integer maxClients, Integer maxClientsPerUser,
            Duration idleTimeout, String socketGroup, String socketMode) {
        return LocalEgdListen.of(listen, maxClients, maxClientsPerUser, idleTimeout, socketGroup, socketMode);
    }

    /** Only the listen key: the defaults for everything else. */
    public static LocalEgdConfig of(Endpoint listen) {
        return new LocalEgdConfig(listen, null, null, null, null, null);
    }

    public LocalAccess access() {
        return common().access();
    }
}
