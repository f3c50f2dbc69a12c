package org.entropyfleet.link.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections a metrics server closes itself: one counter per {@link CloseReason}
 * ({@code metrics-server.connections.closed.<reason>}) and a log that names the first few per minute
 * and summarises the rest, since anyone who can reach the port can trigger these.
 */
final class ConnectionEvents {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionEvents.class);
    /** Closes logged one by one per reason and interval. */
    static final int LOG_BURST = 5;
    static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

    private final Map<CloseReason, Counter> closed = new EnumMap<>(CloseReason.class);
    private final RateLimitedLog<CloseReason> log = new RateLimitedLog<>(CloseReason.class, LOG,
            "metrics-connections-closed", LOG_BURST, LOG_INTERVAL, System::nanoTime);

    ConnectionEvents(MetricRegistry registry) {
        for (CloseReason r : CloseReason.values()) {
            closed.put(r, registry.counter(MetricRegistry.name(MetricsServer.METRIC_PREFIX, "connections", "closed",
                    r.metricName())));
        }
    }

    void closed(CloseReason reason, Channel ch) {
        closed.get(reason).inc();
        if (log.allow(reason)) {
            LOG.info("event=metrics-connection-closed reason={} remote={}", reason.metricName(), ch.remoteAddress());
        }
    }

    void flushLog() {
        log.flush();
    }
}
