package org.entropyfleet.link.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.netty.channel.Channel;
import java.util.EnumMap;
import java.util.Map;
import org.entropyfleet.link.log.RateLimitedLog;
import org.slf4j.LoggerFactory;

/**
 * The connections a metrics server closes itself: one counter per {@link CloseReason}
 * ({@code metrics-server.connections.closed.<reason>}) and a rate-limited log line, since anyone who
 * can reach the port can trigger these.
 */
final class ConnectionEvents {
    private final Map<CloseReason, Counter> closed = new EnumMap<>(CloseReason.class);
    private final RateLimitedLog log;

    ConnectionEvents(MetricRegistry registry) {
        for (CloseReason r : CloseReason.values()) {
            closed.put(r, registry.counter(MetricRegistry.name(MetricsServer.METRIC_PREFIX, "connections", "closed",
                    r.metricName())));
        }
        log = new RateLimitedLog(LoggerFactory.getLogger(ConnectionEvents.class), "metrics-close", registry);
    }

    void closed(CloseReason reason, Channel ch) {
        closed.get(reason).inc();
        log.info(reason.metricName(), "event=metrics-connection-closed reason={} remote={}", reason.metricName(),
                ch.remoteAddress());
    }
}
