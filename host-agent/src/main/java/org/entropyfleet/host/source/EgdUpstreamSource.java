package org.entropyfleet.host.source;

import com.codahale.metrics.MetricRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.link.egd.EgdClientCodec;
import org.entropyfleet.link.egd.EgdLimits;
import org.entropyfleet.link.egd.ReadBlockingRequest;
import org.entropyfleet.link.egd.ReadBlockingResponse;
import org.entropyfleet.link.tls.ClientTlsContext;
import org.entropyfleet.link.transport.Transport;

/**
 * Pulls entropy from an EGD server (ekeyd, egd, or another host-agent over mTLS) with blocking 0x02
 * reads of 255 bytes, keeping {@link #WINDOW} requests outstanding. Netty does the I/O on the shared
 * event loop; replies are handed to the source thread through a small bounded queue, which is also
 * the flow control: no new request goes out until the source thread has taken a reply.
 */
public final class EgdUpstreamSource extends StreamSource {
    /** Outstanding 0x02 requests per upstream connection. */
    static final int WINDOW = 4;
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final byte[] CLOSED = new byte[0];

    private final Endpoint endpoint;
    private final ClientTlsContext tls;
    private final EventLoopGroup group;

    /**
     * @param tls client TLS context for an upstream host-agent, or null for plain EGD (ekeyd on loopback)
     */
    public EgdUpstreamSource(Endpoint endpoint, ClientTlsContext tls, EventLoopGroup group,
                             SourceSettings settings, SourceSink sink, MetricRegistry metrics) {
        super(settings, sink, metrics);
        this.endpoint = endpoint;
        this.tls = tls;
        this.group = group;
    }

    @Override
    protected String describe() {
        return "egd " + endpoint + (tls != null ? " (mTLS)" : "");
    }

    @Override
    protected Connection open() throws IOException, InterruptedException {
        BlockingQueue<byte[]> replies = new ArrayBlockingQueue<>(WINDOW + 1);
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(Transport.clientChannel(endpoint))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls != null) {
                            tls.addTo(ch.pipeline(), endpoint.host(), endpoint.port());
                        }
                        ch.pipeline().addLast(new EgdClientCodec(WINDOW));
                        ch.pipeline().addLast(new SimpleChannelInboundHandler<ReadBlockingResponse>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, ReadBlockingResponse r) {
                                replies.offer(r.data());   // never full: at most WINDOW outstanding
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                replies.offer(CLOSED);
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                            }
                        });
                    }
                });
        ChannelFuture cf = b.connect(Transport.address(endpoint));
        if (!cf.await(CONNECT_TIMEOUT_MILLIS + 1000L)) {
            cf.cancel(false);
            cf.channel().close();
            throw new IOException("connect to " + endpoint + " timed out");
        }
        if (!cf.isSuccess()) {
            throw new IOException("connect to " + endpoint + ": " + cf.cause().getMessage(), cf.cause());
        }
        Channel ch = cf.channel();
        for (int i = 0; i < WINDOW; i++) {
            ch.write(new ReadBlockingRequest(EgdLimits.MAX_COUNT));
        }
        ch.flush();
        return new Connection() {
            @Override
            public int read(byte[] buf) throws IOException, InterruptedException {
                byte[] data = replies.take();
                if (data == CLOSED) {
                    replies.offer(CLOSED);
                    throw new IOException("upstream closed the connection");
                }
                int n = Math.min(data.length, buf.length);
                System.arraycopy(data, 0, buf, 0, n);
                Arrays.fill(data, (byte) 0);
                ch.writeAndFlush(new ReadBlockingRequest(EgdLimits.MAX_COUNT));
                return n;
            }

            @Override
            public void close() {
                ch.close();
                replies.offer(CLOSED);   // wake a read blocked on the queue
                byte[] left;
                while ((left = replies.poll()) != null) {
                    Arrays.fill(left, (byte) 0);
                }
                replies.offer(CLOSED);
            }
        };
    }

}
