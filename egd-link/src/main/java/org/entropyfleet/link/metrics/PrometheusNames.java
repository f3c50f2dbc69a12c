package org.entropyfleet.link.metrics;

import io.prometheus.metrics.instrumentation.dropwizard5.labels.CustomLabelMapper;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.MapperConfig;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How Dropwizard names become Prometheus families: one family per quantity, the per-source,
 * per-client, per-host and per-reason part of a Dropwizard name becomes a label
 * ({@code host.source.hwrng.bytes-gathered} → {@code host_source_bytes_gathered_total{source="hwrng"}}).
 * Every other name is only sanitised ({@code host.pool.level-bytes} → {@code host_pool_level_bytes}).
 *
 * <p>Label values are bounded by configuration, not by peers: sources and upstream hosts are
 * configured, clients are certificate identities the CA issued and the allowlist admits, reasons
 * are enums. The library's own {@link MapperConfig} globs match one dot-free segment, and client
 * and host names carry dots ({@code web1.example.org}, {@code 10.0.0.1:7776}), hence regexes here.
 * The result of each name is cached: names are few and fixed once an agent runs.
 */
public final class PrometheusNames extends CustomLabelMapper {
    private static final double BITS_TO_BYTES = 1.0 / 8;

    private static final List<Rule> RULES = List.of(
            new Rule("host_source_health_failures", "host\\.source\\.(.+)\\.health\\.failures\\.([^.]+)",
                    "source", "test"),
            new Rule("host_source_health_*", "host\\.source\\.(.+)\\.health\\.(state|blocks-passed|blocks-failed)",
                    "source"),
            // Prometheus' base unit for information is the byte (promtool refuses "bits"): entropy bits / 8.
            new Rule("host_source_min_entropy_bytes", BITS_TO_BYTES, "host\\.source\\.(.+)\\.min-entropy-bits", "source"),
            new Rule("kernel_entropy_credited_bytes", BITS_TO_BYTES, "kernel\\.bits-credited"),
            new Rule("kernel_entropy_counted_bytes", BITS_TO_BYTES, "kernel\\.bits-counted"),
            new Rule("host_source_*", "host\\.source\\.(.+)\\.(up|bytes-gathered|reopens|stalls|raw-bytes"
                    + "|conditioned-bytes)", "source"),
            new Rule("host_serve_client_bytes_served", "host\\.serve\\.client\\.(.+)\\.bytes-served", "client"),
            new Rule("host_serve_connections_refused", "host\\.serve\\.connections-refused\\.([^.]+)", "reason"),
            new Rule("host_serve_read_latency_seconds", "host\\.serve\\.read-latency"),
            new Rule("tls_handshakes_failed", "tls\\.handshakes\\.failed\\.([^.]+)", "reason"),
            new Rule("tls_connections_dropped", "tls\\.connections\\.dropped\\.([^.]+)", "reason"),
            new Rule("tls_certificate_not_after_seconds", "tls\\.cert\\.not-after-seconds"),
            new Rule("log_events", "log\\.events\\.([^.]+)\\.([^.]+)", "log", "reason"),
            new Rule("metrics_server_connections_closed", "metrics-server\\.connections\\.closed\\.([^.]+)", "reason"),
            new Rule("upstream_bytes_received", "upstream\\.bytes-received\\.(.+)", "host"));

    private final Map<String, Mapped> cache = new ConcurrentHashMap<>();

    public PrometheusNames() {
        // The superclass insists on at least one glob rule; this one can never match a name of ours.
        super(List.of(new MapperConfig("entropy-fleet.unused.*", "unused", Map.of())));
    }

    @Override
    public String getName(String dropwizardName) {
        return map(dropwizardName).name();
    }

    @Override
    public Labels getLabels(String dropwizardName, List<String> extraNames, List<String> extraValues) {
        Labels labels = map(dropwizardName).labels();
        return extraNames.isEmpty() ? labels : labels.merge(
                extraNames.toArray(String[]::new), extraValues.toArray(String[]::new));
    }

    /** The Prometheus family name (counters get {@code _total} from the writer) and labels of a name. */
    Mapped map(String dropwizardName) {
        Mapped m = cache.get(dropwizardName);
        if (m == null) {
            m = compute(dropwizardName);
            cache.put(dropwizardName, m);
        }
        return m;
    }

    private static Mapped compute(String name) {
        for (Rule r : RULES) {
            Matcher m = r.pattern.matcher(name);
            if (m.matches()) {
                List<String> values = new ArrayList<>();
                StringBuilder help = new StringBuilder(name);
                for (int g = r.labels.length; g >= 1; g--) {
                    values.add(0, m.group(g));
                    help.replace(m.start(g), m.end(g), "<" + r.labels[g - 1] + ">");
                }
                String family = r.name.endsWith("*")
                        ? r.name.substring(0, r.name.length() - 1) + m.group(r.labels.length + 1)
                        : r.name;
                return new Mapped(sanitize(family), Labels.of(List.of(r.labels), values), help.toString(), r.scale);
            }
        }
        return new Mapped(sanitize(name), Labels.EMPTY, name, 1.0);
    }

    /** A name Prometheus accepts: {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, dots and dashes as {@code _}. */
    static String sanitize(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 1);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':';
            sb.append(ok ? c : '_');
        }
        if (sb.length() == 0 || Character.isDigit(sb.charAt(0))) {
            sb.insert(0, '_');
        }
        return sb.toString();
    }

    /**
     * {@code help} is the Dropwizard name with each label's part written {@code <label>}; values are
     * multiplied by {@code scale} (a unit conversion).
     */
    record Mapped(String name, Labels labels, String help, double scale) {
    }

    private record Rule(String name, double scale, Pattern pattern, String[] labels) {
        Rule(String name, String regex, String... labels) {
            this(name, 1.0, Pattern.compile(regex), labels);
        }

        Rule(String name, double scale, String regex, String... labels) {
            this(name, scale, Pattern.compile(regex), labels);
        }
    }
}
