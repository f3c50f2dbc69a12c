package org.entropyfleet.link.metrics;

import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Dropwizard registry in the Prometheus text format, through the Prometheus client's own bridge
 * ({@link DropwizardExports}: counters and meters are {@code counter}s named {@code …_total}, gauges
 * {@code gauge}s, histograms and timers {@code summary}s, timers in seconds) and writer, with the
 * names and labels of {@link PrometheusNames}.
 *
 * <p>The bridge turns each Dropwizard metric into its own family, and a scrape with two families of
 * one name is refused as a whole ("duplicate metric name"); labels make several Dropwizard metrics
 * one family. So the registry is bridged in rounds, each holding at most one member of every family
 * (round k: the k-th member), and the rounds' data points are merged into one family per name. Cost
 * is linear in the number of metrics; the number of rounds is the largest family (clients of a
 * host). Thread-safe: the metrics server and the textfile writer may scrape at once.
 */
public final class PrometheusExposition {
    /** The Content-Type of this format (text 0.0.4). */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusExposition.class);
    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    private final MetricRegistry registry;
    private final PrometheusNames names = new PrometheusNames();
    private Bridge bridge;

    public PrometheusExposition(MetricRegistry registry) {
        this.registry = registry;
    }

    /** The whole registry as exposition text. */
    public String write() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            WRITER.write(out, snapshots(), EscapingScheme.UNDERSCORE_ESCAPING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The registry as Prometheus families, one per name. */
    public MetricSnapshots snapshots() {
        Bridge bridge = bridge();
        Map<String, List<MetricSnapshot>> families = new LinkedHashMap<>();
        for (PrometheusRegistry round : bridge.rounds()) {
            for (MetricSnapshot s : round.scrape()) {
                families.computeIfAbsent(s.getMetadata().getPrometheusName(), k -> new ArrayList<>()).add(s);
            }
        }
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        families.forEach((name, parts) -> {
            PrometheusNames.Mapped m = bridge.first().get(name);
            MetricSnapshot merged = merge(parts, m == null ? name : m.help(), m == null ? 1.0 : m.scale());
            if (merged != null) {
                all.metricSnapshot(merged);
            }
        });
        return all.build();
    }

    /**
     * The rounds for the registry as it is now. Metrics are registered at start-up and rarely after
     * (a new client, a TLS reload), so the rounds are kept while the registry holds the same metric
     * objects under the same names: a scrape then costs the bridge's reads and the writer only.
     */
    private synchronized Bridge bridge() {
        Map<String, Metric> now = registry.getMetrics();
        Bridge b = bridge;
        if (b != null && sameMetrics(b.metrics(), now)) {
            return b;
        }
        List<MetricRegistry> parts = new ArrayList<>();
        Map<String, Integer> members = new HashMap<>();
        Map<String, PrometheusNames.Mapped> first = new HashMap<>();
        for (Map.Entry<String, Metric> e : now.entrySet()) {
            PrometheusNames.Mapped m = names.map(e.getKey());
            int round = members.merge(m.name(), 1, Integer::sum) - 1;
            if (round == parts.size()) {
                parts.add(new MetricRegistry());
            }
            parts.get(round).register(e.getKey(), e.getValue());
            first.putIfAbsent(m.name(), m);
        }
        List<PrometheusRegistry> rounds = new ArrayList<>();
        for (MetricRegistry part : parts) {
            // The builder's build() is not public: a registry of its own is its way to a collector.
            PrometheusRegistry round = new PrometheusRegistry();
            DropwizardExports.builder()
                    .dropwizardRegistry(part)
                    .metricFilter(MetricFilter.ALL)
                    .customLabelMapper(names)
                    .invalidMetricHandler(PrometheusExposition::skipBroken)
                    .register(round);
            rounds.add(round);
        }
        // getMetrics() is a live view of the registry: keep a copy to compare the next scrape with
        b = new Bridge(Map.copyOf(now), rounds, first);
        bridge = b;
        return b;
    }

    private static boolean sameMetrics(Map<String, Metric> a, Map<String, Metric> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<String, Metric> e : b.entrySet()) {
            if (a.get(e.getKey()) != e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The registry's metrics when the rounds were made, the rounds, and each family's first member. */
    private record Bridge(Map<String, Metric> metrics, List<PrometheusRegistry> rounds,
                          Map<String, PrometheusNames.Mapped> first) {
    }

    private static boolean skipBroken(String name, Exception e) {
        // One broken gauge must not fail the whole scrape; anyone on the port can scrape, so no line each.
        LOG.debug("event=metric-skipped metric={} error={}", name, e.toString());
        return true;
    }

    /** One family of the data points of {@code parts}; null when its members disagree on the type. */
    private static MetricSnapshot merge(List<MetricSnapshot> parts, String dropwizardName, double scale) {
        MetricSnapshot first = parts.get(0);
        MetricMetadata meta = new MetricMetadata(first.getMetadata().getName(), "Dropwizard " + dropwizardName);
        if (first instanceof CounterSnapshot) {
            List<CounterSnapshot.CounterDataPointSnapshot> points = points(parts, CounterSnapshot.class,
                    CounterSnapshot.CounterDataPointSnapshot.class);
            if (scale != 1.0) {
                points = points.stream().map(p -> CounterSnapshot.CounterDataPointSnapshot.builder()
                        .value(p.getValue() * scale).labels(p.getLabels()).build()).toList();
            }
            return new CounterSnapshot(meta, points);
        }
        if (first instanceof GaugeSnapshot) {
            List<GaugeSnapshot.GaugeDataPointSnapshot> points = points(parts, GaugeSnapshot.class,
                    GaugeSnapshot.GaugeDataPointSnapshot.class);
            if (scale != 1.0) {
                points = points.stream().map(p -> GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .value(p.getValue() * scale).labels(p.getLabels()).build()).toList();
            }
            return new GaugeSnapshot(meta, points);
        }
        if (first instanceof SummarySnapshot) {
            return new SummarySnapshot(meta, points(parts, SummarySnapshot.class,
                    SummarySnapshot.SummaryDataPointSnapshot.class));
        }
        return parts.size() == 1 ? first : null;
    }

    private static <D extends DataPointSnapshot> List<D> points(List<MetricSnapshot> parts,
                                                                Class<? extends MetricSnapshot> kind, Class<D> point) {
        List<D> out = new ArrayList<>();
        for (MetricSnapshot s : parts) {
            if (!kind.isInstance(s)) {
                // A family whose members are of different kinds would be invalid; keep the first kind.
                LOG.debug("event=metric-skipped metric={} error=kind-mismatch", s.getMetadata().getName());
                continue;
            }
            for (DataPointSnapshot d : s.getDataPoints()) {
                out.add(point.cast(d));
            }
        }
        return out;
    }
}
