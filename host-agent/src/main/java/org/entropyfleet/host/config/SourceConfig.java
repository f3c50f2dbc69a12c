package org.entropyfleet.host.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.link.config.TlsConfig;

/**
 * One entry of {@code sources:}. A flat record (rather than one subtype per kind) so that a wrong key
 * for a kind is reported by name: {@code type: device} needs {@code path}, {@code egd} needs
 * {@code endpoint} (and may have {@code tls}), {@code command} needs {@code command}.
 *
 * @param type         device | egd | command
 * @param name         metric/log name; defaults to the type plus its position
 * @param path         device or FIFO path (device)
 * @param endpoint     EGD server, "host:port" or "unix:/path" (egd)
 * @param tls          client TLS for an upstream host-agent (egd, optional)
 * @param command      argv of a child process whose stdout is read (command)
 * @param minEntropy   assessed min-entropy in bits per raw byte, (0, 8]; default 6
 * @param stallTimeout no bytes for this long → reopen; default 30s
 */
public record SourceConfig(String type, String name, Path path, Endpoint endpoint, TlsConfig tls,
                           List<String> command, Double minEntropy, Duration stallTimeout) {
    public static final Set<String> TYPES = Set.of("device", "egd", "command");
    public static final double DEFAULT_MIN_ENTROPY = 6;
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(30);
    /** Bound on argv length of a command source. */
    public static final int MAX_COMMAND_ARGS = 256;

    public SourceConfig {
        if (type == null) {
            throw new IllegalArgumentException("key 'type': required (one of device, egd, command)");
        }
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("key 'type': '" + type + "' is not one of device, egd, command");
        }
        minEntropy = minEntropy == null ? DEFAULT_MIN_ENTROPY : minEntropy;
        if (!(minEntropy > 0 && minEntropy <= 8)) {
            throw new IllegalArgumentException("key 'min-entropy': must be > 0 and ≤ 8 (bits per byte)");
        }
        stallTimeout = stallTimeout == null ? DEFAULT_STALL_TIMEOUT : stallTimeout;
        if (stallTimeout.isZero() || stallTimeout.isNegative()) {
            throw new IllegalArgumentException("key 'stall-timeout': must be > 0");
        }
        switch (type) {
            case "device" -> {
                require(path != null, "path", "required for type device");
                forbid(endpoint, "endpoint", type);
                forbid(tls, "tls", type);
                forbid(command, "command", type);
            }
            case "egd" -> {
                require(endpoint != null, "endpoint", "required for type egd");
                forbid(path, "path", type);
                forbid(command, "command", type);
                require(tls == null || !endpoint.isUnix(), "tls", "not used with a unix: endpoint");
            }
            default -> {
                require(command != null && !command.isEmpty(), "command", "required for type command (a list: [prog, args...])");
                require(command.size() <= MAX_COMMAND_ARGS, "command", "at most " + MAX_COMMAND_ARGS + " arguments");
                for (String a : command) {
                    require(a != null, "command", "arguments must not be null");
                }
                command = List.copyOf(command);
                forbid(path, "path", type);
                forbid(endpoint, "endpoint", type);
                forbid(tls, "tls", type);
            }
        }
        if (name != null) {
            require(name.matches("[A-Za-z0-9_-]{1,64}"), "name", "letters, digits, '_' and '-' only, at most 64");
        }
    }

    /** Name used in logs and metrics, given the entry's index. */
    public String nameOr(int index) {
        return name != null ? name : type + "-" + index;
    }

    private static void require(boolean ok, String key, String msg) {
        if (!ok) {
            throw new IllegalArgumentException("key '" + key + "': " + msg);
        }
    }

    private static void forbid(Object value, String key, String type) {
        if (value != null) {
            throw new IllegalArgumentException("key '" + key + "': not used with type " + type);
        }
    }
}
