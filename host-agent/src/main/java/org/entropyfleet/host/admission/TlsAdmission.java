package org.entropyfleet.host.admission;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.entropyfleet.link.log.RateLimitedLog;
import org.entropyfleet.link.tls.ServerTlsContext;
import org.slf4j.LoggerFactory;

/**
 * Who gets a connection on the TLS listener: a budget for handshakes in progress (with a per-address
 * cap, oldest-first shedding and a shorter deadline while full) and caps on authenticated connections,
 * in all and per certificate identity. One instance per listener; {@link #newHandler()} per connection.
 *
 * <p>Metrics: {@code host.serve.connections} (authenticated, open), {@code host.serve.handshakes-pending},
 * {@code host.serve.handshake-budget-full} (1 while the shortened deadline applies),
 * {@code host.serve.connections-refused.<reason>} and their total {@code host.serve.connections-rejected}.
 */
public final class TlsAdmission implements AutoCloseable {
    /** How often the shortened deadline is enforced while the budget is full. */
    static final long SWEEP_EVERY_MILLIS = 100;

    private final AdmissionLimits limits;
    private final HandshakeBudget handshakes;
    private final IdentityConnections authenticated;
    private final Map<Refusal, Counter> refused = new EnumMap<>(Refusal.class);
    private final Counter rejectedTotal;
    private final RateLimitedLog log;
    private final ScheduledFuture<?> sweeper;

    public TlsAdmission(AdmissionLimits limits, MetricRegistry metrics, EventExecutor timer) {
        this.limits = limits;
        this.handshakes = new HandshakeBudget(limits.maxHandshakes(), limits.handshakesPerAddress(),
                limits.handshakeUnderLoad().toNanos(), System::nanoTime);
        this.authenticated = new IdentityConnections(limits.maxConnections(), limits.perIdentity());
        for (Refusal r : Refusal.values()) {
            refused.put(r, metrics.counter(MetricRegistry.name("host.serve.connections-refused", r.metricName())));
        }
        this.rejectedTotal = metrics.counter("host.serve.connections-rejected");
        metrics.remove("host.serve.connections");
        metrics.register("host.serve.connections", (Gauge<Integer>) authenticated::open);
        metrics.remove("host.serve.handshakes-pending");
        metrics.register("host.serve.handshakes-pending", (Gauge<Integer>) handshakes::pending);
        metrics.remove("host.serve.handshake-budget-full");
        metrics.register("host.serve.handshake-budget-full", (Gauge<Integer>) () -> handshakes.underPressure() ? 1 : 0);
        this.log = new RateLimitedLog(LoggerFactory.getLogger(TlsAdmission.class), "connection-refused", metrics);
        this.sweeper = timer.scheduleWithFixedDelay(this::sweep, SWEEP_EVERY_MILLIS, SWEEP_EVERY_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Sets up a new connection's pipeline: a watcher for our first handshake answer, then the TLS
     * handlers of {@code tls}, then the admission handler. Add the application's handlers after this.
     */
    public void addTo(ChannelPipeline pipeline, ServerTlsContext tls) {
        pipeline.addLast("admission-answer", new HandshakeAnswerWatch(this));
        tls.addTo(pipeline);
        pipeline.addLast("admission", new AdmissionHandler(this));
    }

    void onAnswered(Channel ch) {
        handshakes.answered(ch);
    }

    public int authenticatedConnections() {
        return authenticated.open();
    }

    public int pendingHandshakes() {
        return handshakes.pending();
    }

    /** At accept: false if the connection was closed (no room, or its address is over the cap). */
    boolean onAccept(Channel ch) {
        if (authenticated.full()) {
            refuse(ch, Refusal.MAX_CONNECTIONS, null);
            return false;
        }
        HandshakeBudget.Victim v = handshakes.admit(ch);
        if (v == null) {
            return true;
        }
        refuse(v.channel(), v.reason(), null);
        return v.channel() != ch;
    }

    void onHandshakeEnded(Channel ch) {
        handshakes.done(ch);
    }

    /** After authentication: false if the connection was closed (over a cap). */
    boolean onAuthenticated(Channel ch, String identity) {
        Refusal r = authenticated.admit(identity);
        if (r == null) {
            return true;
        }
        refuse(ch, r, identity);
        return false;
    }

    void onAuthenticatedClosed(String identity) {
        authenticated.release(identity);
    }

    private void sweep() {
        List<HandshakeBudget.Victim> late = handshakes.sweep();
        for (HandshakeBudget.Victim v : late) {
            refuse(v.channel(), v.reason(), null);
        }
    }

    private void refuse(Channel ch, Refusal reason, String identity) {
        refused.get(reason).inc();
        rejectedTotal.inc();
        log.warn(reason.metricName(), "event=connection-refused reason={} peer={} identity={} max-connections={} "
                        + "per-identity={} max-handshakes={} per-address={} pending={}", reason.metricName(),
                ch.remoteAddress(), identity == null ? "-" : identity, limits.maxConnections(), limits.perIdentity(),
                limits.maxHandshakes(), limits.handshakesPerAddress(), handshakes.pending());
        ch.close();
    }

    @Override
    public void close() {
        sweeper.cancel(false);
    }
}
