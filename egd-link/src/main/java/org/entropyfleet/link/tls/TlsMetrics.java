package org.entropyfleet.link.tls;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;

import java.util.EnumMap;
import java.util.Map;
import org.entropyfleet.link.log.RateLimitedLog;
import org.slf4j.LoggerFactory;

/**
 * Counters {@code tls.handshakes.ok}, {@code tls.handshakes.failed.<reason>},
 * {@code tls.connections.dropped.<reason>} (live connections closed after a reload) and
 * {@code tls.reloads.ok} / {@code tls.reloads.failed}. All are registered up front so they read 0
 * rather than being absent. Registries are get-or-create, so a server and a client context in one
 * process share the counters.
 *
 * <p>Refusals are also logged here, rate-limited per reason: any peer on the network can trigger
 * them at will, so the log gets the first lines of each minute and a count, the metric gets them all.
 */
final class TlsMetrics {

    static final String HANDSHAKES_OK = "tls.handshakes.ok";
    static final String HANDSHAKES_FAILED = "tls.handshakes.failed";
    static final String CONNECTIONS_DROPPED = "tls.connections.dropped";
    static final String RELOADS_OK = "tls.reloads.ok";
    static final String RELOADS_FAILED = "tls.reloads.failed";
    static final String CRL_ROLLBACKS_REFUSED = "tls.crl.rollbacks-refused";

    private final Counter ok;
    private final Map<RefusalReason, Counter> failed = new EnumMap<>(RefusalReason.class);
    private final Map<RefusalReason, Counter> dropped = new EnumMap<>(RefusalReason.class);
    private final Counter reloadsOk;
    private final Counter reloadsFailed;
    private final Counter crlRollbacksRefused;
    private final RateLimitedLog refusalLog;

    TlsMetrics(MetricRegistry registry) {
        MetricRegistry r = registry == null ? new MetricRegistry() : registry;
        ok = r.counter(HANDSHAKES_OK);
        for (RefusalReason reason : RefusalReason.values()) {
            failed.put(reason, r.counter(MetricRegistry.name(HANDSHAKES_FAILED, reason.metricName())));
            dropped.put(reason, r.counter(MetricRegistry.name(CONNECTIONS_DROPPED, reason.metricName())));
        }
        reloadsOk = r.counter(RELOADS_OK);
        reloadsFailed = r.counter(RELOADS_FAILED);
        crlRollbacksRefused = r.counter(CRL_ROLLBACKS_REFUSED);
        refusalLog = new RateLimitedLog(LoggerFactory.getLogger(PeerVerificationHandler.class), "tls-refused", r);
    }

    /**
     * Counts a refused handshake and logs it (rate-limited). A peer that went away before finishing its
     * handshake is not a warning: port scanners, health checks and floods do it all day.
     */
    void refused(String role, RefusalReason reason, Object peer, String detail) {
        handshakeFailed(reason);
        refusalLog.log(reason == RefusalReason.CLOSED ? org.slf4j.event.Level.INFO : org.slf4j.event.Level.WARN,
                reason.metricName(), "TLS {} refused peer: reason={} peer={} detail={}", role, reason.metricName(),
                peer, detail);
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

    void crlRollbacksRefused(int n) {
        crlRollbacksRefused.inc(n);
    }

    void reloaded(boolean success) {
        (success ? reloadsOk : reloadsFailed).inc();
    }
}
