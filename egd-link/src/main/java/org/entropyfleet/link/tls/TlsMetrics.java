package org.entropyfleet.link.tls;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;

import java.util.EnumMap;
import java.util.Map;

/**
 * Counters {@code tls.handshakes.ok}, {@code tls.handshakes.failed.<reason>},
 * {@code tls.connections.dropped.<reason>} (live connections closed after a reload) and
 * {@code tls.reloads.ok} / {@code tls.reloads.failed}. All are registered up front so they read 0
 * rather than being absent. Registries are get-or-create, so a server and a client context in one
 * process share the counters.
 */
final class TlsMetrics {

    static final String HANDSHAKES_OK = "tls.handshakes.ok";
    static final String HANDSHAKES_FAILED = "tls.handshakes.failed";
    static final String CONNECTIONS_DROPPED = "tls.connections.dropped";
    static final String RELOADS_OK = "tls.reloads.ok";
    static final String RELOADS_FAILED = "tls.reloads.failed";

    private final Counter ok;
    private final Map<RefusalReason, Counter> failed = new EnumMap<>(RefusalReason.class);
    private final Map<RefusalReason, Counter> dropped = new EnumMap<>(RefusalReason.class);
    private final Counter reloadsOk;
    private final Counter reloadsFailed;

    TlsMetrics(MetricRegistry registry) {
        MetricRegistry r = registry == null ? new MetricRegistry() : registry;
        ok = r.counter(HANDSHAKES_OK);
        for (RefusalReason reason : RefusalReason.values()) {
            failed.put(reason, r.counter(HANDSHAKES_FAILED + "." + reason.metricName()));
            dropped.put(reason, r.counter(CONNECTIONS_DROPPED + "." + reason.metricName()));
        }
        reloadsOk = r.counter(RELOADS_OK);
        reloadsFailed = r.counter(RELOADS_FAILED);
    }

    void handshakeOk() {
        ok.inc();
    }

    void handshakeFailed(RefusalReason reason) {
        failed.get(reason).inc();
    }

    void connectionDropped(RefusalReason reason) {
        dropped.get(reason).inc();
    }

    void reloaded(boolean success) {
        (success ? reloadsOk : reloadsFailed).inc();
    }
}
