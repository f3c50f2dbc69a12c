package org.entropyfleet.link.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes a Dropwizard {@link MetricRegistry} in the Prometheus text exposition format 0.0.4,
 * following the mapping of Prometheus' own {@code DropwizardExports}, so dashboards built for that
 * bridge work unchanged:
 * <ul>
 *   <li>counter, numeric or boolean gauge → {@code gauge} (Dropwizard counters may go down);</li>
 *   <li>meter → {@code counter} named {@code NAME_total};</li>
 *   <li>histogram → {@code summary} with quantiles 0.5 … 0.999 and {@code NAME_count};</li>
 *   <li>timer → the same, in seconds.</li>
 * </ul>
 * Names are sanitised to {@code [a-zA-Z0-9_:]} ({@code pool.bytes-in} → {@code pool_bytes_in});
 * non-numeric gauges are skipped, and so is a metric whose sanitised name collides with one
 * already written, since duplicates make the whole scrape invalid. Written by hand (rather than
 * with the Prometheus client) to keep the agents' dependency set small.
 */
public final class PrometheusFormat {
    /** The Content-Type of this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};
    private static final double NANOS_PER_SECOND = 1e9;

    private PrometheusFormat() {
    }

    /** The whole registry as exposition text. Cost is linear in the number of metrics. */
    public static String write(MetricRegistry registry) {
        StringBuilder out = new StringBuilder(4096);
        Set<String> written = new HashSet<>();
        for (Map.Entry<String, Counter> e : registry.getCounters().entrySet()) {
            String name = sanitize(e.getKey());
            if (written.add(name)) {
                header(out, name, e.getKey(), "counter", "gauge");
                sample(out, name, "", e.getValue().getCount());
            }
        }
        for (@SuppressWarnings("rawtypes") Map.Entry<String, Gauge> e : registry.getGauges().entrySet()) {
            Double value = numeric(e.getValue());
            String name = sanitize(e.getKey());
            if (value != null && written.add(name)) {
                header(out, name, e.getKey(), "gauge", "gauge");
                sample(out, name, "", value);
            }
        }
        for (Map.Entry<String, Meter> e : registry.getMeters().entrySet()) {
            String name = sanitize(e.getKey()) + "_total";
            if (written.add(name)) {
                header(out, name, e.getKey(), "meter", "counter");
                sample(out, name, "", e.getValue().getCount());
            }
        }
        for (Map.Entry<String, Histogram> e : registry.getHistograms().entrySet()) {
            String name = sanitize(e.getKey());
            if (written.add(name)) {
                summary(out, name, e.getKey(), "histogram", e.getValue().getSnapshot(), 1.0, e.getValue().getCount());
            }
        }
        for (Map.Entry<String, Timer> e : registry.getTimers().entrySet()) {
            String name = sanitize(e.getKey());
            if (written.add(name)) {
                summary(out, name, e.getKey(), "timer (seconds)", e.getValue().getSnapshot(),
                        1.0 / NANOS_PER_SECOND, e.getValue().getCount());
            }
        }
        return out.toString();
    }

    /** A metric name Prometheus accepts: {@code [a-zA-Z_:][a-zA-Z0-9_:]*}. */
    public static String sanitize(String name) {
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

    /** A sample value in the format's float syntax. */
    static String formatValue(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static void summary(StringBuilder out, String name, String original, String kind, Snapshot s,
                                double scale, long count) {
        header(out, name, original, kind, "summary");
        for (double q : QUANTILES) {
            sample(out, name, "{quantile=\"" + q + "\"}", s.getValue(q) * scale);
        }
        sample(out, name + "_count", "", count);
    }

    private static Double numeric(Gauge<?> gauge) {
        Object v;
        try {
            v = gauge.getValue();
        } catch (RuntimeException e) {
            // One broken gauge must not fail the whole scrape.
            return null;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        return null;
    }

    private static void header(StringBuilder out, String name, String original, String kind, String type) {
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(original))
                .append(" (dropwizard ").append(kind).append(")\n");
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, double value) {
        out.append(name).append(labels).append(' ').append(formatValue(value)).append('\n');
    }

    private static String escapeHelp(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
