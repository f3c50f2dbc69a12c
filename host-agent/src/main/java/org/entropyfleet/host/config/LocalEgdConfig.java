package org.entropyfleet.host.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.entropyfleet.link.config.Endpoint;

/**
 * {@code local-egd: {listen: unix:/run/entropy-fleet/egd.sock | 127.0.0.1:7777}}: a plaintext EGD
 * listener for processes on this host. Having no authentication, it must never listen beyond loopback.
 */
public record LocalEgdConfig(Endpoint listen) {
    public LocalEgdConfig {
        if (listen == null) {
            throw new IllegalArgumentException("key 'listen': required");
        }
        if (!listen.isUnix() && !isLoopback(listen.host())) {
            throw new IllegalArgumentException("key 'listen': '" + listen.host()
                    + "' is not a loopback address; the local EGD listener is unauthenticated "
                    + "(use 127.0.0.1, ::1, localhost or unix:/path)");
        }
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
