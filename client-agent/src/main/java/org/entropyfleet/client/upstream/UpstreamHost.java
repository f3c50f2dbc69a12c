package org.entropyfleet.client.upstream;

import io.netty.util.NetUtil;
import java.util.regex.Pattern;

/**
 * One host-agent to fetch from: {@code host} and {@code port} are what we connect to (a DNS name or an IP
 * literal, IPv6 without brackets). The server certificate's SAN must match {@link #verifiedName()}: the
 * optional {@code name}, else {@code host}. A separate name exists because an address published by a
 * host (e.g. exported through PuppetDB) need not be a name its certificate carries.
 */
public record UpstreamHost(String host, int port, String name) {
    private static final Pattern DNS_NAME = Pattern.compile(
            "(?i)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\\.?");

    public UpstreamHost {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535");
        }
        if (name != null && !isCertificateName(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a DNS name or IP address (no port, no brackets)");
        }
    }

    public UpstreamHost(String host, int port) {
        this(host, port, null);
    }

    /** Parses "name:port", "1.2.3.4:port" or "[::1]:port". */
    public static UpstreamHost parse(String s) {
        return parse(s, null);
    }

    /** Parses the address as {@link #parse(String)}; the certificate must carry {@code name} (null: the address). */
    public static UpstreamHost parse(String s, String name) {
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
        return new UpstreamHost(host, port, name);
    }

    /** The name the host's certificate must carry. */
    public String verifiedName() {
        return name == null ? host : name;
    }

    static boolean isCertificateName(String s) {
        return s.length() <= 253 && (DNS_NAME.matcher(s).matches() || NetUtil.isValidIpV4Address(s)
                || NetUtil.isValidIpV6Address(s));
    }

    /** "address:port", or "name@address:port" when the certificate name differs (logs, metric names, status). */
    @Override
    public String toString() {
        String address = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        return name == null ? address : name + "@" + address;
    }
}
