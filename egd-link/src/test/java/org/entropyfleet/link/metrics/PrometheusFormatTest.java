package org.entropyfleet.link.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PrometheusFormatTest {
    private static final Pattern SAMPLE =
            Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{quantile=\"[0-9.]+\"\\})? (-?[0-9]+(\\.[0-9]+)?(E-?[0-9]+)?|NaN|[+-]Inf)");
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (gauge|counter|summary)");

    static MetricRegistry sample() {
        MetricRegistry r = new MetricRegistry();
        r.counter("pool.bytes-in").inc(42);
        r.register("pool.level", (com.codahale.metrics.Gauge<Integer>) () -> 7);
        r.register("peer.up", (com.codahale.metrics.Gauge<Boolean>) () -> true);
        r.register("build.version", (com.codahale.metrics.Gauge<String>) () -> "1.0");
        r.register("broken", (com.codahale.metrics.Gauge<Integer>) () -> {
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
        List<String> samples = new java.util.ArrayList<>();
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
            String family = m.group(1).replaceAll("_count$", "");
            assertTrue(typed.contains(m.group(1)) || typed.contains(family), "sample before its TYPE: " + line);
            samples.add(line);
        }
        return samples;
    }

    @Test
    void writesEachKindTheWayDropwizardExportsDoes() {
        String text = PrometheusFormat.write(sample());
        List<String> lines = validate(text);
        assertTrue(text.contains("# TYPE pool_bytes_in gauge\npool_bytes_in 42\n"), text);
        assertTrue(text.contains("# TYPE pool_level gauge\npool_level 7\n"), text);
        assertTrue(text.contains("peer_up 1\n"), text);
        assertTrue(text.contains("# TYPE egd_requests_total counter\negd_requests_total 3\n"), text);
        assertTrue(text.contains("# TYPE egd_request_size summary\n"), text);
        assertTrue(text.contains("egd_request_size{quantile=\"0.5\"} 32\n") || text.contains("egd_request_size{quantile=\"0.5\"} 64\n"), text);
        assertTrue(text.contains("egd_request_size{quantile=\"0.999\"} 64\n"), text);
        assertTrue(text.contains("egd_request_size_count 2\n"), text);
        assertTrue(text.contains("egd_latency{quantile=\"0.99\"} 0.002\n"), text);
        assertTrue(text.contains("egd_latency_count 1\n"), text);
        assertFalse(text.contains("build_version"), "non-numeric gauge must be skipped");
        assertFalse(text.contains("broken "), "failing gauge must be skipped");
        assertEquals(4 + 7 + 7, lines.size());
    }

    @Test
    void sanitisesNamesAndSkipsCollisions() {
        assertEquals("a_b_c:d", PrometheusFormat.sanitize("a.b-c:d"));
        assertEquals("_9lives", PrometheusFormat.sanitize("9lives"));
        assertEquals("x_y_", PrometheusFormat.sanitize("x y\u00e9"));
        assertEquals("_", PrometheusFormat.sanitize(""));
        MetricRegistry r = new MetricRegistry();
        r.counter("a.b").inc();
        r.counter("a_b").inc(2);
        String text = PrometheusFormat.write(r);
        validate(text);
        assertEquals(1, text.lines().filter(l -> l.startsWith("a_b ")).count(), text);
    }

    @Test
    void formatsSpecialValues() {
        assertEquals("NaN", PrometheusFormat.formatValue(Double.NaN));
        assertEquals("+Inf", PrometheusFormat.formatValue(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", PrometheusFormat.formatValue(Double.NEGATIVE_INFINITY));
        assertEquals("-3", PrometheusFormat.formatValue(-3));
        assertEquals("0.25", PrometheusFormat.formatValue(0.25));
        assertEquals("1.0E20", PrometheusFormat.formatValue(1e20));
    }

    @Test
    void emptyRegistryIsEmptyText() {
        assertEquals("", PrometheusFormat.write(new MetricRegistry()));
    }
}
