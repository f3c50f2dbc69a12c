package org.entropyfleet.link.tls;

import com.codahale.metrics.MetricRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslProvider;
import org.entropyfleet.link.config.TlsConfig;
import org.entropyfleet.link.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Our client against the deployment we replace: {@code stunnel4} in server mode with {@code verify = 2}
 * in front of a plain TCP backend (an echo server standing in for ekeyd's EGD port), so agents can be
 * rolled out host by host while stunnel endpoints still exist.
 */
class StunnelInteropTest {

    static final String STUNNEL = "/usr/bin/stunnel4";

    @TempDir
    Path dir;

    private TestPki pki;
    private LoopbackTls net;
    private Channel backend;
    private ChildProcess stunnel;
    private int stunnelPort;

    @BeforeEach
    void setUp() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        net = new LoopbackTls();
        backend = net.server(p -> p.addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ctx.writeAndFlush(msg);
            }
        }));
        Path[] host = pki.issueHost("rng1.test", "127.0.0.1");
        stunnelPort = freePort();
        Path conf = dir.resolve("stunnel.conf");
        Files.writeString(conf, String.join("\n",
                "foreground = yes",
                "pid =",
                "syslog = no",
                "debug = info",
                "",
                "[egd]",
                "accept = 127.0.0.1:" + stunnelPort,
                "connect = 127.0.0.1:" + LoopbackTls.port(backend),
                "cert = " + host[0],
                "key = " + host[1],
                "CAfile = " + pki.caBundle(),
                "verify = 2",
                "sslVersionMin = TLSv1.2",
                ""));
        stunnel = ChildProcess.start(dir.resolve("stunnel.log"), List.of(STUNNEL, conf.toString()));
        Poll.until(Poll.DEFAULT, () -> "stunnel listening on " + stunnelPort + "; log:\n" + stunnel.output(), () -> {
            if (!stunnel.isAlive()) {
                throw new AssertionError("stunnel exited:\n" + stunnel.output());
            }
            return accepts(stunnelPort);
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (stunnel != null) {
                stunnel.close();
            }
        } finally {
            if (backend != null) {
                backend.close().sync();
            }
            net.close();
        }
    }

    private ClientTlsContext client(Path[] cert, SslProvider provider) throws TlsConfigException {
        return ClientTlsContext.open(TlsConfig.of(cert[0], cert[1], pki.caBundle()), new MetricRegistry(), provider);
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void javaClientGetsItsBytesBackThroughStunnel(SslProvider provider) throws Exception {
        try (ClientTlsContext tls = client(pki.issueClient("client-vm1"), provider)) {
            LoopbackTls.Client c = net.connect(tls, "127.0.0.1", stunnelPort);
            assertEquals("rng1.test", c.authenticated.get(10, TimeUnit.SECONDS).commonName());
            // 0x02 0x20: an EGD blocking read of 32 bytes — the echo backend returns exactly what arrived.
            String request = "\u0002\u0020entropy-fleet";
            assertEquals(request, c.roundTrip(request));
            assertFalse(c.isClosed());
            assertEquals("TLSv1.3", ((io.netty.handler.ssl.SslHandler) c.channel.pipeline().get("tls"))
                    .engine().getSession().getProtocol());
        }
    }

    @Test
    void stunnelRefusesClientOfAnotherCa() throws Exception {
        TestPki other = TestPki.create(dir.resolve("other"), "other CA");
        try (ClientTlsContext tls = client(other.issueClient("client-foreign"), SslProviders.preferred())) {
            LoopbackTls.Client c = net.connect(tls, "127.0.0.1", stunnelPort);
            c.send("should-not-arrive");
            Poll.until(Poll.DEFAULT, () -> "stunnel closed the connection; log:\n" + stunnel.output(), c::isClosed);
            assertEquals("", c.received.toString());
            Poll.until(Poll.DEFAULT, () -> "stunnel logged the refusal:\n" + stunnel.output(), () -> stunnel.output().contains("peer did not return a certificate"));
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
