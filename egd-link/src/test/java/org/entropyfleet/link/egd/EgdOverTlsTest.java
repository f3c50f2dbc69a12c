package org.entropyfleet.link.egd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.link.config.TlsConfig;
import org.entropyfleet.link.tls.ClientTlsContext;
import org.entropyfleet.link.tls.ServerTlsContext;
import org.entropyfleet.link.tls.TestPki;
import org.entropyfleet.link.transport.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The EGD server behind real mutual TLS: the backend sees the client's certificate name. */
class EgdOverTlsTest {

    @Test
    void backendSeesTheAuthenticatedPeerAndRefusalCloses(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.create(dir);
        Path[] host = pki.issueHost("rng1.test", "127.0.0.1");
        Path[] client = pki.issueClient("client-7");
        PoolBackend backend = new PoolBackend();
        backend.feed(Frames.pattern(16, 4));
        MetricRegistry metrics = new MetricRegistry();
        EventLoopGroup group = Transport.newGroup(1, "egd-tls-test");
        try (ServerTlsContext serverTls = ServerTlsContext.open(
                     TlsConfig.of(host[0], host[1], pki.caBundle()).withAllow(List.of("client-*")), metrics);
             ClientTlsContext clientTls = ClientTlsContext.open(TlsConfig.of(client[0], client[1], pki.caBundle()), metrics)) {
            Endpoint at = Endpoint.tcp("127.0.0.1", 0);
            Channel server = new ServerBootstrap().group(group).channel(Transport.serverChannel(at))
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            serverTls.addTo(ch.pipeline());
                            EgdPipelines.addServerCodec(ch.pipeline(), backend, EgdServerOptions.DEFAULTS);
                        }
                    })
                    .bind(Transport.address(at)).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();

            EgdReplies replies = new EgdReplies();
            Channel ch = new Bootstrap().group(group).channel(Transport.clientChannel(at))
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel c) {
                            clientTls.addTo(c.pipeline(), "127.0.0.1", port);
                            replies.addTo(c.pipeline());
                        }
                    })
                    .connect("127.0.0.1", port).sync().channel();

            ch.write(new WriteEntropyRequest(16, new byte[] {1, 2}));
            ch.writeAndFlush(new ReadBlockingRequest(16));
            EgdResponse r = replies.poll(10, TimeUnit.SECONDS);
            assertNotNull(r, "no reply over TLS within 10 s");
            assertEquals(new ReadBlockingResponse(Frames.pattern(16, 4)), r);
            assertEquals(1, backend.contributions().size());
            assertEquals("client-7", backend.contributions().get(0).peer());

            backend.refuseWrites("client-7 may not contribute");
            ch.writeAndFlush(new WriteEntropyRequest(8, new byte[] {3}));
            assertTrue(ch.closeFuture().await(10, TimeUnit.SECONDS), "refused write must close the connection");
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
