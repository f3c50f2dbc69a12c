package org.entropyfleet.host.serve;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler of every connection to the local plaintext listener: closes it at once when its
 * limit of connections is already open. Metrics {@code host.local.connections} and
 * {@code host.local.connections-rejected}. (The TLS listener has its own admission rules.)
 */
@ChannelHandler.Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    /** At most one "limit reached" log line per this many milliseconds. */
    static final long LOG_EVERY_MILLIS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);

    private final AtomicInteger open = new AtomicInteger();
    private volatile int max;
    private final Counter rejected;
    private final AtomicLong lastLog = new AtomicLong();

    public ConnectionLimiter(int max, MetricRegistry metrics) {
        this.max = max;
        this.rejected = metrics.counter("host.local.connections-rejected");
        metrics.remove("host.local.connections");
        metrics.register("host.local.connections", (Gauge<Integer>) open::get);
    }

    public int open() {
        return open.get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            rejected.inc();
            long now = System.currentTimeMillis();
            long last = lastLog.get();
            if (now - last >= LOG_EVERY_MILLIS && lastLog.compareAndSet(last, now)) {
                LOG.warn("event=connection-limit listener=local max={} peer={} rejected-total={}",
                        max, ctx.channel().remoteAddress(), rejected.getCount());
            }
            ctx.pipeline().remove(this);   // so channelInactive does not decrement for it
            ctx.close();
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        open.decrementAndGet();
        super.channelInactive(ctx);
    }
}
