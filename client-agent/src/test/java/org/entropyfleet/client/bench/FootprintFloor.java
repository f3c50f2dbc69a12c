package org.entropyfleet.client.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The floors under the client-agent daemon's footprint, for {@link FootprintBenchmark}'s ablation: a JVM
 * that only sleeps ({@code sleep}); one that also holds one mutual-TLS connection to the host-agent
 * after one 32-byte EGD read, over a plain JDK {@link SSLSocket} ({@code jdk-tls}) or over Netty's epoll
 * transport and {@code SslHandler} with the JDK provider, as the agent connects ({@code netty-tls}). Like
 * the agent, one System.gc() 10 s after start. Prints {@code ready} once connected.
 *
 * <pre>java FLAGS -cp TEST_CLASSES:client-agent.jar org.entropyfleet.client.bench.FootprintFloor \
 *     MODE HOST PORT CERT KEY CA</pre>
 */
public final class FootprintFloor {
    private FootprintFloor() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Object keep = null;
        if (!mode.equals("sleep")) {
            String host = args[1];
            int port = Integer.parseInt(args[2]);
            KeyManagerFactory kmf = keyManagers(Path.of(args[3]), Path.of(args[4]));
            TrustManagerFactory tmf = trustManagers(Path.of(args[5]));
            keep = mode.equals("netty-tls") ? NettyFloor.connect(host, port, kmf, tmf) : jdkClient(host, port, kmf, tmf);
        }
        System.out.println("ready " + mode);
        System.out.flush();
        Thread.sleep(10_000);
        System.gc();
        Thread.sleep(Long.MAX_VALUE);
        System.out.println(keep);
    }

    private static Socket jdkClient(String host, int port, KeyManagerFactory kmf, TrustManagerFactory tmf)
            throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(host, port);
        s.startHandshake();
        s.getOutputStream().write(new byte[] {2, 32});
        s.getOutputStream().flush();
        if (s.getInputStream().readNBytes(32).length != 32) {
            throw new IllegalStateException("short EGD reply");
        }
        return s;
    }

    private static KeyManagerFactory keyManagers(Path cert, Path key) throws Exception {
        String pem = Files.readString(key).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey pk = KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", pk, new char[0], certificates(cert));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, new char[0]);
        return kmf;
    }

    private static TrustManagerFactory trustManagers(Path ca) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        Certificate[] cas = certificates(ca);
        for (int i = 0; i < cas.length; i++) {
            ts.setCertificateEntry("ca" + i, cas[i]);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ts);
        return tmf;
    }

    private static Certificate[] certificates(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(new Certificate[0]);
        }
    }

    /** Netty's classes only where they are used: verifying FootprintFloor must not load them for the other modes. */
    private static final class NettyFloor {
        private NettyFloor() {
        }

        static Channel connect(String host, int port, KeyManagerFactory kmf, TrustManagerFactory tmf)
                throws Exception {
            SslContext ctx = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).keyManager(kmf)
                    .trustManager(tmf)
                    .protocols("TLSv1.3").build();
            CountDownLatch replied = new CountDownLatch(32);
            Channel ch = new Bootstrap().group(new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory()))
                    .channel(EpollSocketChannel.class).handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel c) {
                            c.pipeline().addLast(ctx.newHandler(c.alloc(), host, port));
                            c.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext x, Object msg) {
                                    ByteBuf b = (ByteBuf) msg;
                                    for (int i = b.readableBytes(); i > 0; i--) {
                                        replied.countDown();
                                    }
                                    b.release();
                                }
                            });
                        }
                    }).connect(host, port).sync().channel();
            ch.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {2, 32})).sync();
            if (!replied.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no EGD reply");
            }
            return ch;
        }
    }
}
