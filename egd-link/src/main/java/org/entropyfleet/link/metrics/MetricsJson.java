package org.entropyfleet.link.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The registry as JSON for humans and scripts ({@code host-agent status}): one object per metric
 * kind, keyed by the metric's own (unsanitised) name. Timer figures are in seconds; meter rates
 * per second.
 */
public final class MetricsJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MetricsJson() {
    }

    /** The registry as a JSON document. */
    public static String write(MetricRegistry registry) {
        try {
            return JSON.writeValueAsString(toMap(registry));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise metrics", e);
        }
    }

    static Map<String, Object> toMap(MetricRegistry registry) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> counters = new LinkedHashMap<>();
        for (Map.Entry<String, Counter> e : registry.getCounters().entrySet()) {
            counters.put(e.getKey(), Map.of("count", e.getValue().getCount()));
        }
        Map<String, Object> gauges = new LinkedHashMap<>();
        for (@SuppressWarnings("rawtypes") Map.Entry<String, Gauge> e : registry.getGauges().entrySet()) {
            gauges.put(e.getKey(), gaugeValue(e.getValue()));
        }
        Map<String, Object> meters = new LinkedHashMap<>();
        for (Map.Entry<String, Meter> e : registry.getMeters().entrySet()) {
            Meter m = e.getValue();
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("count", m.getCount());
            v.put("mean_rate", m.getMeanRate());
            v.put("m1_rate", m.getOneMinuteRate());
            v.put("m5_rate", m.getFiveMinuteRate());
            v.put("m15_rate", m.getFifteenMinuteRate());
            meters.put(e.getKey(), v);
        }
        Map<String, Object> histograms = new LinkedHashMap<>();
        for (Map.Entry<String, Histogram> e : registry.getHistograms().entrySet()) {
            histograms.put(e.getKey(), snapshot(e.getValue().getCount(), e.getValue().getSnapshot(), 1.0));
        }
        Map<String, Object> timers = new LinkedHashMap<>();
        for (Map.Entry<String, Timer> e : registry.getTimers().entrySet()) {
            Map<String, Object> v = snapshot(e.getValue().getCount(), e.getValue().getSnapshot(), 1e-9);
            v.put("m1_rate", e.getValue().getOneMinuteRate());
            timers.put(e.getKey(), v);
        }
        root.put("counters", counters);
        root.put("gauges", gauges);
        root.put("meters", meters);
        root.put("histograms", histograms);
        root.put("timers", timers);
        return root;
    }

    private static Map<String, Object> gaugeValue(Gauge<?> g) {
        Map<String, Object> v = new LinkedHashMap<>();
        try {
            Object value = g.getValue();
            v.put("value", value instanceof Number || value instanceof Boolean || value == null ? value : value.toString());
        } catch (RuntimeException e) {
            v.put("error", e.toString());
        }
        return v;
    }

    private static Map<String, Object> snapshot(long count, Snapshot s, double scale) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("count", count);
        v.put("min", s.getMin() * scale);
        v.put("max", s.getMax() * scale);
        v.put("mean", s.getMean() * scale);
        v.put("stddev", s.getStdDev() * scale);
        v.put("p50", s.getMedian() * scale);
        v.put("p75", s.get75thPercentile() * scale);
        v.put("p95", s.get95thPercentile() * scale);
        v.put("p99", s.get99thPercentile() * scale);
        v.put("p999", s.get999thPercentile() * scale);
        return v;
    }
}
