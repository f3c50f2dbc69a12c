package org.entropyfleet.link.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PrometheusExpositionTest {
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[a-zA-Z_]+=\"[^\"]*\"(,[a-zA-Z_]+=\"[^\"]*\")*\\})? (-?[0-9]+(\\.[0-9]+)?(E-?[0-9]+)?|NaN|[+-]Inf)");
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (gauge|counter|summary)");

    static MetricRegistry sample() {
        MetricRegistry r = new MetricRegistry();
        r.counter("pool.bytes-in").inc(42);
        r.register("pool.level", (Gauge<Integer>) () -> 7);
        r.register("peer.up", (Gauge<Boolean>) () -> true);
        r.register("build.version", (Gauge<String>) () -> "1.0");
        r.register("broken", (Gauge<Integer>) () -> {
            throw new IllegalStateException("gone");
        });
        r.meter("egd.requests").mark(3);
        r.histogram("egd.request-size").update(32);
        r.histogram("egd.request-size").update(64);
        Timer t = r.timer("egd.latency");
        t.update(2, TimeUnit.MILLISECONDS);
        return r;
    }

    /** Checks the exposition grammar we rely on; returns the sample lines. */
    static List<String> validate(String text) {
        assertTrue(text.endsWith("\n"));
        Set<String> typed = new HashSet<>();
        List<String> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                continue;
            }
            var type = TYPE.matcher(line);
            if (type.matches()) {
                assertTrue(typed.add(type.group(1)), "duplicate TYPE for " + type.group(1));
                continue;
            }
            var m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a valid sample line: " + line);
            String family = m.group(1).replaceAll("_(count|sum|total)$", "");
            assertTrue(typed.contains(m.group(1)) || typed.contains(family), "sample before its TYPE: " + line);
            samples.add(line);
        }
        return samples;
    }

    @Test
    void writesEachKindAsTheBridgeDoes() {
        String text = new PrometheusExposition(sample()).write();
        validate(text);
        assertTrue(text.contains("# TYPE pool_bytes_in_total counter\npool_bytes_in_total 42.0\n"), text);
        assertTrue(text.contains("# TYPE pool_level gauge\npool_level 7.0\n"), text);
        assertTrue(text.contains("peer_up 1.0\n"), text);
        assertTrue(text.contains("# TYPE egd_requests_total counter\negd_requests_total 3.0\n"), text);
        assertTrue(text.contains("# TYPE egd_request_size summary\n"), text);
        assertTrue(text.contains("egd_request_size{quantile=\"0.999\"} 64.0\n"), text);
        assertTrue(text.contains("egd_request_size_count 2\n"), text);
        assertTrue(text.contains("egd_latency{quantile=\"0.99\"} 0.002"), text);
        assertFalse(text.contains("build_version"), "non-numeric gauge skipped");
        assertFalse(text.contains("broken"), "failing gauge skipped, the rest written");
    }

    @Test
    void perSourceClientReasonAndHostPartsBecomeLabelsOfOneFamily() {
        MetricRegistry r = new MetricRegistry();
        r.counter("host.source.hwrng.bytes-gathered").inc(5);
        r.counter("host.source.jitter.bytes-gathered").inc(7);
        r.register("host.source.hwrng.health.state", (Gauge<Integer>) () -> 0);
        r.counter("host.source.hwrng.health.failures.fips-monobit").inc();
        r.counter("host.serve.client.web1.example.org.bytes-served").inc(32);
        r.counter("host.serve.client.db.bytes-served").inc(64);
        r.counter("tls.handshakes.failed.not-allowed").inc(2);
        r.counter("tls.handshakes.failed.revoked").inc(1);
        r.counter("log.events.tls-refused.not-allowed").inc(2);
        r.counter("upstream.bytes-received.10.0.0.1:7776").inc(9);
        r.timer("host.serve.read-latency").update(3, TimeUnit.MILLISECONDS);
        r.counter("kernel.bits-credited").inc(256);
        r.counter("host.source.hwrng.min-entropy-bits").inc(80);
        String text = new PrometheusExposition(r).write();
        validate(text);
        assertTrue(text.contains("# TYPE host_source_bytes_gathered_total counter\n"), text);
        assertTrue(text.contains("host_source_bytes_gathered_total{source=\"hwrng\"} 5.0\n"), text);
        assertTrue(text.contains("host_source_bytes_gathered_total{source=\"jitter\"} 7.0\n"), text);
        assertTrue(text.contains("host_source_health_state{source=\"hwrng\"} 0.0\n"), text);
        assertTrue(text.contains("host_source_health_failures_total{source=\"hwrng\",test=\"fips-monobit\"} 1.0\n"), text);
        assertTrue(text.contains("host_serve_client_bytes_served_total{client=\"web1.example.org\"} 32.0\n"), text);
        assertTrue(text.contains("host_serve_client_bytes_served_total{client=\"db\"} 64.0\n"), text);
        assertTrue(text.contains("tls_handshakes_failed_total{reason=\"not-allowed\"} 2.0\n"), text);
        assertTrue(text.contains("log_events_total{log=\"tls-refused\",reason=\"not-allowed\"} 2.0\n"), text);
        assertTrue(text.contains("upstream_bytes_received_total{host=\"10.0.0.1:7776\"} 9.0\n"), text);
        assertTrue(text.contains("host_serve_read_latency_seconds{quantile=\"0.5\"} 0.003"), text);
        assertTrue(text.contains("kernel_entropy_credited_bytes_total 32.0\n"), "bits as bytes: " + text);
        assertTrue(text.contains("host_source_min_entropy_bytes_total{source=\"hwrng\"} 10.0\n"), text);
        assertFalse(text.contains("_bits"), "promtool wants bytes: " + text);
        assertEquals(1, text.split("# TYPE tls_handshakes_failed_total ", -1).length - 1, "one family, one TYPE line");
        assertTrue(text.contains("# HELP host_serve_client_bytes_served_total Dropwizard host.serve.client.<client>.bytes-served"), text);
    }

    @Test
    void aMetricRegisteredOrReplacedAfterAScrapeIsInTheNext() {
        MetricRegistry r = new MetricRegistry();
        r.counter("host.serve.client.a.bytes-served").inc(1);
        r.register("tls.crl.expired", (Gauge<Integer>) () -> 0);
        PrometheusExposition p = new PrometheusExposition(r);
        assertFalse(p.write().contains("client=\"b\""));
        r.counter("host.serve.client.b.bytes-served").inc(2);
        r.remove("tls.crl.expired");
        r.register("tls.crl.expired", (Gauge<Integer>) () -> 1);   // a TLS context made anew
        String text = p.write();
        assertTrue(text.contains("host_serve_client_bytes_served_total{client=\"b\"} 2.0\n"), text);
        assertTrue(text.contains("tls_crl_expired 1.0\n"), text);
    }
}
