package org.entropyfleet.link.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where to listen or connect: a TCP host and port, or a Unix domain socket. Written in config as
 * "0.0.0.0:7776", "[::1]:7776", "rng1.example.net:7776" or "unix:/run/entropy-fleet/egd.sock".
 * IPv6 literals need brackets, so "::1:7776" is refused rather than guessed at.
 *
 * @param host     host name or IP literal (without brackets); null for a Unix socket
 * @param port     0..65535 (0 = any free port, for tests); 0 for a Unix socket
 * @param unixPath absolute socket path, or null for TCP
 */
public record Endpoint(String host, int port, Path unixPath) {
    /** Longest Unix socket path Linux accepts (sun_path is 108 bytes with the terminating NUL). */
    public static final int MAX_UNIX_PATH = 107;
    private static final String UNIX_PREFIX = "unix:";

    public Endpoint {
        if (unixPath != null) {
            if (host != null || port != 0) {
                throw new IllegalArgumentException("a Unix socket endpoint has no host or port");
            }
            if (!unixPath.isAbsolute()) {
                throw new IllegalArgumentException("Unix socket path must be absolute: " + unixPath);
            }
            if (unixPath.toString().length() > MAX_UNIX_PATH) {
                throw new IllegalArgumentException("Unix socket path longer than " + MAX_UNIX_PATH + " characters");
            }
        } else {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be empty");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
        }
    }

    public static Endpoint tcp(String host, int port) {
        return new Endpoint(host, port, null);
    }

    public static Endpoint unix(Path path) {
        return new Endpoint(null, 0, Objects.requireNonNull(path, "path"));
    }

    /** Parses the config form; the port is required. */
    public static Endpoint parse(String text) {
        return parse(text, -1);
    }

    /**
     * Parses the config form, using {@code defaultPort} when the text names only a host
     * ({@code -1} = port required).
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static Endpoint parse(String text, int defaultPort) {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("endpoint must not be empty");
        }
        if (s.startsWith(UNIX_PREFIX)) {
            return unix(Path.of(s.substring(UNIX_PREFIX.length())));
        }
        String host;
        String portText;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "': missing ']' after IPv6 address");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (rest.isEmpty()) {
                portText = null;
            } else if (rest.startsWith(":")) {
                portText = rest.substring(1);
            } else {
                throw new IllegalArgumentException("'" + text + "': expected ':PORT' after ']'");
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon >= 0 && s.indexOf(':') != colon) {
                throw new IllegalArgumentException("'" + text + "': write IPv6 addresses in brackets, e.g. [::1]:7776");
            }
            host = colon < 0 ? s : s.substring(0, colon);
            portText = colon < 0 ? null : s.substring(colon + 1);
        }
        int port;
        if (portText == null) {
            if (defaultPort < 0) {
                throw new IllegalArgumentException("'" + text + "': missing port (HOST:PORT or unix:/PATH)");
            }
            port = defaultPort;
        } else {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "': port '" + portText + "' is not a number");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("'" + text + "': port must be 0..65535");
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "': missing host");
        }
        return tcp(host, port);
    }

    public boolean isUnix() {
        return unixPath != null;
    }

    /** The config form, which {@link #parse} reads back. */
    @Override
    public String toString() {
        if (isUnix()) {
            return UNIX_PREFIX + unixPath;
        }
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
