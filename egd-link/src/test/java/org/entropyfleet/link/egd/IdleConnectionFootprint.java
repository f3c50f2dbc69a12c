package org.entropyfleet.link.egd;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.link.transport.Transport;

/**
 * Benchmark, not a test: heap cost of idle EGD server connections. Opens N loopback connections
 * that each complete one request (so every handler has run), then measures retained heap after GC.
 * The JDK client sockets live in the same JVM, so the figure is an upper bound for the server.
 * Compare with stunnel's ~115 KB RSS per idle connection (shared/REFERENCE.md).
 *
 * <pre>java -cp egd-link/target/test-classes:egd-link/target/classes:DEPS \
 *   org.entropyfleet.link.egd.IdleConnectionFootprint 2000</pre>
 */
public final class IdleConnectionFootprint {
    private IdleConnectionFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        PoolBackend backend = new PoolBackend();
        EventLoopGroup group = Transport.newGroup(1, "footprint");
        AtomicInteger accepted = new AtomicInteger();
        Endpoint at = Endpoint.tcp("127.0.0.1", 0);
        Channel server = new ServerBootstrap().group(group).channel(Transport.serverChannel(at))
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accepted.incrementAndGet();
                        EgdPipelines.addServerCodec(ch.pipeline(), backend,
                                new EgdServerOptions(Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(30)));
                    }
                })
                .bind(Transport.address(at)).sync().channel();
        int port = ((InetSocketAddress) server.localAddress()).getPort();

        long before = usedHeapAfterGc();
        List<SocketChannel> clients = new ArrayList<>(n);
        ByteBuffer reply = ByteBuffer.allocate(4);
        for (int i = 0; i < n; i++) {
            SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            c.write(ByteBuffer.wrap(new byte[] {0x00}));
            reply.clear();
            while (reply.hasRemaining()) {
                if (c.read(reply) < 0) {
                    throw new IOException("server closed connection " + i);
                }
            }
            clients.add(c);
        }
        long after = usedHeapAfterGc();
        System.out.printf("idle EGD connections: %d (accepted %d, transport %s)%n", n, accepted.get(),
                Transport.isEpoll() ? "epoll" : "nio");
        System.out.printf("heap retained: %.1f KiB total, %.0f bytes per connection (client sockets included)%n",
                (after - before) / 1024.0, (double) (after - before) / n);
        for (SocketChannel c : clients) {
            c.close();
        }
        server.close().sync();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }
}
