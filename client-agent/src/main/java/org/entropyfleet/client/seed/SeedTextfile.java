package org.entropyfleet.client.seed;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.io.IOException;
import java.nio.file.Path;
import org.entropyfleet.link.metrics.MetricsTextfile;
import org.entropyfleet.link.metrics.PrometheusExposition;

/**
 * The last seed run for node_exporter's textfile collector ({@code entropy-fleet-client-seed.prom} in
 * {@code metrics.textfile-dir}): in timer mode there is no daemon to scrape, so this file is what the
 * alert rules see. Left in place after the run; the next run replaces it.
 */
public final class SeedTextfile {
    public static final String LAST_RUN = "seed.last-run-timestamp-seconds";
    public static final String LAST_SUCCESS = "seed.last-success-timestamp-seconds";
    public static final String OK = "seed.ok";
    public static final String BITS_CREDITED = "seed.bits-credited";

    private SeedTextfile() {
    }

    public static Path write(SeedRecord r, Path dir) throws IOException {
        MetricRegistry m = new MetricRegistry();
        m.register(LAST_RUN, (Gauge<Long>) () -> r.time().getEpochSecond());
        if (r.lastSuccess() != null) {
            m.register(LAST_SUCCESS, (Gauge<Long>) () -> r.lastSuccess().getEpochSecond());
        }
        m.register(OK, (Gauge<Integer>) () -> r.ok() ? 1 : 0);
        m.register(BITS_CREDITED, (Gauge<Long>) r::bitsCredited);
        return MetricsTextfile.writeOnce(new PrometheusExposition(m), dir, "client-seed");
    }
}
