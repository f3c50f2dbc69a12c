package org.entropyfleet.client.upstream;

/**
 * One host-agent to fetch from. {@code host} is what the server certificate's SAN must match (a DNS
 * name or an IP literal, IPv6 without brackets).
 */
public record UpstreamHost(String host, int port) {
    public UpstreamHost {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535");
        }
    }

    /** Parses "name:port", "1.2.3.4:port" or "[::1]:port". */
    public static UpstreamHost parse(String s) {
        String t = s == null ? "" : s.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("'" + s + "' is not host:port");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[")) {
            if (!host.endsWith("]")) {
                throw new IllegalArgumentException("'" + s + "': unbalanced '[' in IPv6 address");
            }
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("'" + s + "': IPv6 addresses go in brackets, e.g. [::1]:7776");
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "': port is not a number");
        }
        return new UpstreamHost(host, port);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
