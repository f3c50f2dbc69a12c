package org.entropyfleet.host.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSession;
import org.entropyfleet.host.HostAgentCommand;
import org.entropyfleet.host.testutil.AgentFixture;
import org.entropyfleet.host.testutil.Ports;
import org.entropyfleet.link.transport.Transport;

/**
 * Benchmark, not a test: host-agent against stunnel4 (server mode, verify = 2) in front of a minimal EGD
 * backend, same machine, same run, same load generator.
 *
 * <pre>
 * mvn -B -q -pl host-agent -am install -DskipTests
 * mvn -B -q -pl host-agent exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.entropyfleet.host.bench.HostBench [-Dbench.seconds=5] [-Dbench.rounds=3] \
 *     [-Dbench.idle=1000] [-Dbench.concurrency=16] [-Dbench.server-cpu=0] [-Dbench.client-cpu=1]
 * </pre>
 *
 * <p>Isolation: the server under test gets one core to itself ({@code taskset -c 0}): host-agent as a
 * child JVM through the build's launcher {@code host-agent/target/host-agent}, i.e. with the package's JVM
 * flags (with {@code -Dbench.jar}, {@code java -jar} of that jar; its entropy
 * source, a child process, inherits the core), or stunnel4. This JVM, the load generator, pins itself to
 * the other core ({@code taskset -a -p -c 1}); stunnel's EGD backend runs here too, so stunnel's core is
 * all stunnel's (as in the reference figure of about 415 handshakes/s on one core).
 *
 * <p>{@code host-agent/bench/run.sh} is the benchmark of record (an independent C/OpenSSL load generator,
 * pinned and shared placements); this one stays as the JVM-side harness with a profiling hook.
 *
 * <p>The load generator is a one-thread Netty client on BoringSSL (TLS 1.3 only, ECDSA P-256 client
 * certificate, client session cache and session tickets off, so every connection is a full handshake
 * against either server, which the run checks; server chains are not validated, see main). Measured: full mTLS handshakes/s with {@link #CONCURRENCY} connections in
 * flight (connect, handshake, one 32-byte 0x02, close); 0x02 32-byte requests/s on one persistent
 * connection with 1 and 64 outstanding; RSS per idle mTLS connection at N connections (VmRSS delta of
 * the server process). For each rate the server's CPU per operation (utime + stime from /proc/PID/stat)
 * and the load generator's own CPU use are printed: a client near 100 % of its core means that rate is
 * client-bound, and then the CPU-per-operation rows are the fairer comparison.
 */
public final class HostBench {
    static final int SECONDS = Integer.getInteger("bench.seconds", 5);
    static final int IDLE = Integer.getInteger("bench.idle", 1000);
    /** Handshakes kept in flight by the load generator. */
    static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    /** Handshake warm-up of the agent; half and a quarter of it for the two request workloads. */
    static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup", 8);
    static final String SERVER_CPU = System.getProperty("bench.server-cpu", "0");
    static final String CLIENT_CPU = System.getProperty("bench.client-cpu", "1");
    /** Connections opened concurrently while building up the idle set. */
    static final int IDLE_OPENING_IN_FLIGHT = 64;
    static final int REPLY = 32;
    static final int WINDOW_MAX = 64;

    private HostBench() {
    }

    record Rate(double perSecond, double serverCpuMsPerOp, double clientCpuShare) {
    }

    public static void main(String[] args) throws Exception {
        // Before any OpenSSL context exists: no client session cache, no tickets -> only full handshakes.
        System.setProperty("io.netty.handler.ssl.openssl.sessionCacheClient", "false");
        System.setProperty("jdk.tls.client.enableSessionTicketExtension", "false");
        long self = ProcessHandle.current().pid();
        run("taskset", "-a", "-p", "-c", CLIENT_CPU, Long.toString(self));

        Path dir = Files.createTempDirectory("hostbench");
        AgentFixture fx = new AgentFixture(dir);
        Path[] benchClient = fx.client("client-bench");
        // BoringSSL with the client certificate, TLS 1.3 only. The load generator does not validate the
        // servers' chains (a Java PKIX call-back per handshake would make it the bottleneck; the interop tests
        // cover verification): it still does the ECDHE, its own CertificateVerify signature and the check of
        // the server's, i.e. the cryptography every real client pays.
        SslContext ssl = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL)
                .keyManager(benchClient[0].toFile(), benchClient[1].toFile())
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .protocols("TLSv1.3")
                .build();
        int agentPort = Ports.free();
        // one certificate opens every idle connection: the per-identity cap (64) is lifted as in bench/run.sh
        String yaml = fx.config(AgentFixture.urandomSource(), "pool-size: 4MiB\nmax-connections: 5000\nmax-connections-per-identity: " + (IDLE + 64) + "\n"
                + (System.getProperty("bench.busy-poll") == null ? "" : "busy-poll: " + System.getProperty("bench.busy-poll") + "\n"))
                .replace("listen: 127.0.0.1:0\ntls", "listen: 127.0.0.1:" + agentPort + "\ntls");
        Path cfg = fx.write("bench-agent.yaml", yaml);
        List<String> agentCmd = new ArrayList<>(List.of("taskset", "-c", SERVER_CPU));
        // profiling aid, e.g. -Dbench.agent-opts=-agentpath:/path/libasyncProfiler.so=start,event=cpu,file=out.html
        String jvmOpts = (System.getProperty("bench.agent-opts", "") + " -Dorg.slf4j.simpleLogger.defaultLogLevel=warn").trim();
        Path launcher = agentLauncher();
        Path jar = agentJar();
        if (launcher != null) {   // the package's JVM flags (host-agent/src/main/dist/jvm.options), then JVM_OPTS
            agentCmd.add(launcher.toString());
        } else if (jar != null) {
            agentCmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            agentCmd.addAll(List.of(jvmOpts.split("\\s+")));
            agentCmd.addAll(List.of("-jar", jar.toString()));
        } else {
            System.out.println("note: host-agent/target/host-agent.jar not found, running the agent from the classpath");
            agentCmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            agentCmd.addAll(List.of(jvmOpts.split("\\s+")));
            agentCmd.addAll(List.of("-cp", classpath(), HostAgentCommand.class.getName()));
        }
        agentCmd.addAll(List.of("--config", cfg.toString()));
        ProcessBuilder agentBuilder = new ProcessBuilder(agentCmd);
        agentBuilder.environment().put("JVM_OPTS", jvmOpts);
        agentBuilder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process agent = agentBuilder
                .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile()).start();
        Process stunnel = null;
        EventLoopGroup group = Transport.newGroup(1, "bench-client");
        try (BenchEgdBackend backend = new BenchEgdBackend()) {
            int stunnelPort = Ports.free();
            Path conf = dir.resolve("stunnel-server.conf");
            Files.writeString(conf, String.join("\n", "foreground = yes", "pid =", "debug = 3",
                    "[egd]", "accept = 127.0.0.1:" + stunnelPort, "connect = 127.0.0.1:" + backend.port(),
                    "cert = " + fx.host[0], "key = " + fx.host[1], "CAfile = " + fx.pki.caBundle(), "verify = 2", ""));
            stunnel = new ProcessBuilder("sh", "-c", "ulimit -n 20000; exec taskset -c " + SERVER_CPU + " stunnel4 " + conf)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stunnel.log").toFile()).start();
            waitListening(agentPort);
            waitListening(stunnelPort);
            Load load = new Load(group, ssl);
            // warm-up both (JIT on the agent side and in this JVM, caches on both)
            long[] pids = {agent.pid(), stunnel.pid()};
            int[] ports = {agentPort, stunnelPort};
            String[] names = {"host-agent", "stunnel4"};
            for (int k = 0; k < 2; k++) {
                // the agent's JIT needs a while on a shared core before its code is compiled (stunnel needs none)
                load.handshakes(ports[k], pids[k], k == 0 ? WARMUP_SECONDS : 2);
                load.requests(ports[k], pids[k], 64, k == 0 ? WARMUP_SECONDS / 2 : 1);
                load.requests(ports[k], pids[k], 1, k == 0 ? WARMUP_SECONDS / 4 : 1);
                System.out.printf(Locale.ROOT, "%s negotiated %s%n", names[k], load.negotiated.get());
            }
            System.out.printf(Locale.ROOT, "load generator: Netty %s, BoringSSL, %d handshakes in flight, core %s; servers on core %s%n",
                    Transport.isEpoll() ? "epoll" : "NIO", CONCURRENCY, CLIENT_CPU, SERVER_CPU);
            System.out.printf(Locale.ROOT, "load average before measuring: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
            // alternate the two servers round by round so background load hits both alike; report medians
            Rate[][] hs = new Rate[2][ROUNDS];
            Rate[][] w1 = new Rate[2][ROUNDS];
            Rate[][] w64 = new Rate[2][ROUNDS];
            String only = System.getProperty("bench.profile");
            if (only != null) {   // profiling aid: keep the agent busy with one workload, print its pid
                System.out.printf(Locale.ROOT, "profiling host-agent pid %d with %s for %d s%n", agent.pid(), only, SECONDS);
                Rate p = only.equals("handshakes") ? load.handshakes(agentPort, agent.pid(), SECONDS)
                        : load.requests(agentPort, agent.pid(), Integer.parseInt(only.substring(1)), SECONDS);
                System.out.println(p);
                return;
            }
            for (int r = 0; r < ROUNDS; r++) {
                for (int k = 0; k < 2; k++) {
                    hs[k][r] = load.handshakes(ports[k], pids[k], SECONDS);
                    w1[k][r] = load.requests(ports[k], pids[k], 1, SECONDS);
                    w64[k][r] = load.requests(ports[k], pids[k], 64, SECONDS);
                    System.out.printf(Locale.ROOT, "round %d %-10s handshakes/s %7.1f (%.2f ms CPU each, client %3.0f%%)  "
                                    + "w1 req/s %8.1f (%.1f us each, client %3.0f%%)  w64 req/s %8.1f (%.1f us each, client %3.0f%%)%n",
                            r + 1, names[k], hs[k][r].perSecond(), hs[k][r].serverCpuMsPerOp(), 100 * hs[k][r].clientCpuShare(),
                            w1[k][r].perSecond(), 1000 * w1[k][r].serverCpuMsPerOp(), 100 * w1[k][r].clientCpuShare(),
                            w64[k][r].perSecond(), 1000 * w64[k][r].serverCpuMsPerOp(), 100 * w64[k][r].clientCpuShare());
                }
            }
            double[] idleAgent = load.idle(agentPort, agent.pid(), IDLE);
            double[] idleStunnel = load.idle(stunnelPort, stunnel.pid(), IDLE);
            System.out.println();
            System.out.println("=== host-agent vs stunnel4: each server alone on core " + SERVER_CPU + ", Netty/BoringSSL load "
                    + "generator on core " + CLIENT_CPU + ", TLS 1.3, ECDSA P-256 mTLS, full handshakes; medians of " + ROUNDS
                    + " alternating rounds of " + SECONDS + " s ===");
            row("full mTLS handshakes/s (+1 EGD read)", med(hs, 0, Rate::perSecond), med(hs, 1, Rate::perSecond), true);
            row("server CPU ms per handshake", med(hs, 0, Rate::serverCpuMsPerOp), med(hs, 1, Rate::serverCpuMsPerOp), false);
            row("EGD 0x02 32B req/s, window 1", med(w1, 0, Rate::perSecond), med(w1, 1, Rate::perSecond), true);
            row("server CPU us per request, window 1", 1000 * med(w1, 0, Rate::serverCpuMsPerOp),
                    1000 * med(w1, 1, Rate::serverCpuMsPerOp), false);
            row("EGD 0x02 32B req/s, window 64", med(w64, 0, Rate::perSecond), med(w64, 1, Rate::perSecond), true);
            row("server CPU us per request, window 64", 1000 * med(w64, 0, Rate::serverCpuMsPerOp),
                    1000 * med(w64, 1, Rate::serverCpuMsPerOp), false);
            row("RSS KB per idle conn @" + IDLE, idleAgent[0], idleStunnel[0], false);
            row("server CPU ms/s, " + IDLE + " idle conns", idleAgent[1], idleStunnel[1], false);
            System.out.printf(Locale.ROOT, "load generator CPU share of its core (handshakes / w1 / w64): host-agent runs "
                            + "%.0f%% / %.0f%% / %.0f%%, stunnel runs %.0f%% / %.0f%% / %.0f%%%n",
                    100 * med(hs, 0, Rate::clientCpuShare), 100 * med(w1, 0, Rate::clientCpuShare), 100 * med(w64, 0, Rate::clientCpuShare),
                    100 * med(hs, 1, Rate::clientCpuShare), 100 * med(w1, 1, Rate::clientCpuShare), 100 * med(w64, 1, Rate::clientCpuShare));
            System.out.printf(Locale.ROOT, "handshakes that resumed a session (must be 0): %d%n", load.resumed.get());
            System.out.printf(Locale.ROOT, "load average after: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        } finally {
            agent.destroy();
            agent.waitFor(10, TimeUnit.SECONDS);
            if (stunnel != null) {
                stunnel.destroy();
                stunnel.waitFor(10, TimeUnit.SECONDS);
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** The load generator: one event loop on its own core, BoringSSL client contexts. */
    static final class Load {
        private final EventLoopGroup group;
        private final SslContext ssl;
        final AtomicReference<String> negotiated = new AtomicReference<>("?");

        Load(EventLoopGroup group, SslContext ssl) {
            this.group = group;
            this.ssl = ssl;
        }

        private Bootstrap bootstrap(int port, java.util.function.Supplier<ChannelInboundHandlerAdapter> app) {
            return new Bootstrap().group(group).channel(Transport.clientChannel(
                            new org.entropyfleet.link.config.Endpoint("127.0.0.1", port, null)))
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                    .remoteAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            // no peer host/port, and the client session cache is off (see main): nothing resumes
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc()), new HandshakeDone(), app.get());
                        }
                    });
        }

        /** Handshakes that resumed a session; must stay 0 (every handshake is meant to be a full one). */
        final AtomicLong resumed = new AtomicLong();

        private void recordNegotiated(ChannelHandlerContext ctx) {
            javax.net.ssl.SSLEngine engine = ctx.pipeline().get(SslHandler.class).engine();
            SSLSession s = engine.getSession();
            negotiated.set(s.getProtocol() + " " + s.getCipherSuite());
            if (sessionReused(engine)) {
                resumed.incrementAndGet();
            }
        }

        /** Connect, handshake, one 0x02 of 32 bytes, close; CONCURRENCY such loops in flight. */
        Rate handshakes(int port, long serverPid, int seconds) throws Exception {
            AtomicLong done = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            CountDownLatch finished = new CountDownLatch(CONCURRENCY);
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            long c0 = cpuMillis(serverPid);
            long own0 = cpuMillis(ProcessHandle.current().pid());
            Bootstrap b = bootstrap(port, () -> new ChannelInboundHandlerAdapter() {
                private int got;

                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                    if (evt == Ready.INSTANCE) {
                        recordNegotiated(ctx);
                        ctx.writeAndFlush(ctx.alloc().ioBuffer(2).writeByte(0x02).writeByte(REPLY));
                    }
                    ctx.fireUserEventTriggered(evt);
                }

                @Override
                public void channelInactive(ChannelHandlerContext ctx) {
                    if (got < REPLY) {
                        failed.incrementAndGet();
                    }
                    ctx.fireChannelInactive();
                }

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    got += ((ByteBuf) msg).readableBytes();
                    ReferenceCountUtil.release(msg);
                    if (got >= REPLY) {
                        done.incrementAndGet();
                        ctx.close();
                    }
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    ctx.close();
                }
            });
            for (int i = 0; i < CONCURRENCY; i++) {
                loop(b, end, finished);
            }
            if (!finished.await(seconds + 60L, TimeUnit.SECONDS)) {
                throw new IOException("handshake loops did not finish");
            }
            double secs = (System.nanoTime() - start) / 1e9;
            long n = done.get();
            if (failed.get() > 0) {
                System.out.printf(Locale.ROOT, "  (%d handshakes failed)%n", failed.get());
            }
            return new Rate(n / secs, (cpuMillis(serverPid) - c0) / (double) n,
                    (cpuMillis(ProcessHandle.current().pid()) - own0) / (secs * 1000));
        }

        private void loop(Bootstrap b, long end, CountDownLatch finished) {
            ChannelFuture f = b.connect();
            f.channel().closeFuture().addListener(x -> {
                if (System.nanoTime() < end) {
                    loop(b, end, finished);
                } else {
                    finished.countDown();
                }
            });
        }

        /** One persistent connection keeping {@code window} 0x02s of 32 bytes outstanding. */
        Rate requests(int port, long serverPid, int window, int seconds) throws Exception {
            if (window < 1 || window > WINDOW_MAX) {
                throw new IllegalArgumentException("window 1.." + WINDOW_MAX);
            }
            AtomicLong replies = new AtomicLong();
            CountDownLatch ready = new CountDownLatch(1);
            byte[] batch = new byte[2 * window];
            for (int i = 0; i < window; i++) {
                batch[2 * i] = 0x02;
                batch[2 * i + 1] = REPLY;
            }
            Channel ch = bootstrap(port, () -> new ChannelInboundHandlerAdapter() {
                private int partial;
                private int owed;

                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                    if (evt == Ready.INSTANCE) {
                        ctx.writeAndFlush(ctx.alloc().ioBuffer(batch.length).writeBytes(batch));
                        ready.countDown();
                    }
                    ctx.fireUserEventTriggered(evt);
                }

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    partial += ((ByteBuf) msg).readableBytes();
                    ReferenceCountUtil.release(msg);
                    int n = partial / REPLY;
                    partial %= REPLY;
                    if (n > 0) {
                        replies.addAndGet(n);
                        owed += n;
                    }
                }

                @Override
                public void channelReadComplete(ChannelHandlerContext ctx) {
                    // refill the window once per socket read: one TLS record for all freed slots
                    while (owed > 0) {
                        int n = Math.min(owed, window);
                        owed -= n;
                        ctx.write(ctx.alloc().ioBuffer(2 * n).writeBytes(batch, 0, 2 * n));
                    }
                    ctx.flush();
                }
            }).connect().sync().channel();
            try {
                if (!ready.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("no handshake with port " + port);
                }
                Thread.sleep(200);   // benchmark: let the pipeline fill before the measured interval
                long own = ProcessHandle.current().pid();
                long r0 = replies.get();
                long c0 = cpuMillis(serverPid);
                long o0 = cpuMillis(own);
                long t0 = System.nanoTime();
                Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
                long r1 = replies.get();
                long c1 = cpuMillis(serverPid);
                long o1 = cpuMillis(own);
                double secs = (System.nanoTime() - t0) / 1e9;
                long n = r1 - r0;
                return new Rate(n / secs, (c1 - c0) / (double) n, (o1 - o0) / (secs * 1000));
            } finally {
                ch.close().sync();
            }
        }

        /** VmRSS growth of the server per established (handshaken, one request served) idle connection. */
        /** @return {RSS KB per idle connection, server CPU ms per second while they sit idle} */
        double[] idle(int port, long pid, int n) throws Exception {
            settle();
            long before = rssKb(pid);
            Semaphore opening = new Semaphore(IDLE_OPENING_IN_FLIGHT);
            ConcurrentLinkedQueue<Channel> open = new ConcurrentLinkedQueue<>();
            AtomicLong established = new AtomicLong();
            Bootstrap b = bootstrap(port, () -> new ChannelInboundHandlerAdapter() {
                private boolean counted;

                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                    if (evt == Ready.INSTANCE) {
                        ctx.writeAndFlush(ctx.alloc().ioBuffer(2).writeByte(0x02).writeByte(1));
                    }
                    ctx.fireUserEventTriggered(evt);
                }

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ReferenceCountUtil.release(msg);
                    if (!counted) {   // served: the connection is established end to end
                        counted = true;
                        established.incrementAndGet();
                        opening.release();
                    }
                }

                @Override
                public void channelInactive(ChannelHandlerContext ctx) {
                    if (!counted) {
                        counted = true;
                        opening.release();
                    }
                    ctx.fireChannelInactive();
                }
            });
            try {
                for (int i = 0; i < n; i++) {
                    if (!opening.tryAcquire(60, TimeUnit.SECONDS)) {
                        throw new IOException("opening idle connections stalled at " + i);
                    }
                    ChannelFuture f = b.connect();
                    open.add(f.channel());
                    f.addListener(x -> {
                        if (!x.isSuccess()) {
                            opening.release();
                        }
                    });
                }
                if (!opening.tryAcquire(IDLE_OPENING_IN_FLIGHT, 60, TimeUnit.SECONDS)) {
                    throw new IOException("idle connections still opening");
                }
                if (established.get() != n) {
                    System.out.printf(Locale.ROOT, "  (only %d of %d idle connections established)%n", established.get(), n);
                }
                settle();
                long after = rssKb(pid);
                // what the open, idle connections cost in CPU (timers, polling) while nothing is asked
                long c0 = cpuMillis(pid);
                long t0 = System.nanoTime();
                Thread.sleep(TimeUnit.SECONDS.toMillis(IDLE_CPU_SECONDS));
                double cpuMsPerSecond = (cpuMillis(pid) - c0) / ((System.nanoTime() - t0) / 1e9);
                return new double[] {(after - before) / (double) established.get(), cpuMsPerSecond};
            } finally {
                for (Channel c : open) {
                    c.close();
                }
                for (Channel c : open) {
                    c.closeFuture().await(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    /**
     * Turns a successful handshake into {@link Ready} for the workload handlers and closes on a failed one
     * (counted by the workload as not done).
     */
    static final class HandshakeDone extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent e) {
                if (e.isSuccess()) {
                    ctx.fireUserEventTriggered(Ready.INSTANCE);
                } else {
                    ctx.close();
                }
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }
    }

    /** Looked up on first use: loading Netty's OpenSSL engine class before BoringSSL is loaded fails. */
    private static final class Reuse {
        static final java.lang.reflect.Method IS_SESSION_REUSED = sessionReusedMethod();
    }

    private static java.lang.reflect.Method sessionReusedMethod() {
        try {
            java.lang.reflect.Method m = Class.forName("io.netty.handler.ssl.ReferenceCountedOpenSslEngine")
                    .getDeclaredMethod("isSessionReused");
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot check session reuse on this Netty version", e);
        }
    }

    /** Benchmark-only peek (package-private in Netty) at whether BoringSSL resumed a session. */
    static boolean sessionReused(javax.net.ssl.SSLEngine engine) {
        try {
            return (Boolean) Reuse.IS_SESSION_REUSED.invoke(engine);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fired once the TLS handshake has succeeded. */
    enum Ready { INSTANCE }

    /** Median over rounds of one server's figure. */
    static double med(Rate[][] rates, int server, java.util.function.ToDoubleFunction<Rate> f) {
        double[] c = Arrays.stream(rates[server]).mapToDouble(f).sorted().toArray();
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    /** The build's launcher beside the jar (the package's JVM flags), unless {@code -Dbench.jar} names another jar. */
    static Path agentLauncher() {
        if (System.getProperty("bench.jar") != null) {
            return null;
        }
        Path jar = agentJar();
        Path launcher = jar == null ? null : jar.resolveSibling("host-agent");
        return launcher != null && Files.isExecutable(launcher) ? launcher : null;
    }

    /** {@code -Dbench.jar=PATH} (e.g. an older build, for before/after figures), else the module's shaded jar. */
    static Path agentJar() {
        String given = System.getProperty("bench.jar");
        if (given != null) {
            return Path.of(given).toAbsolutePath();
        }
        for (String p : List.of("host-agent/target/host-agent.jar", "target/host-agent.jar", "../host-agent/target/host-agent.jar")) {
            Path jar = Path.of(p).toAbsolutePath().normalize();
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        return null;
    }

    /** The project classpath, also under exec:java (where java.class.path is Maven's own). */
    static String classpath() {
        StringBuilder cp = new StringBuilder();
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        while (cl != null) {
            if (cl instanceof java.net.URLClassLoader u) {
                for (java.net.URL url : u.getURLs()) {
                    if ("file".equals(url.getProtocol())) {
                        cp.append(cp.length() == 0 ? "" : File.pathSeparator).append(url.getPath());
                    }
                }
            }
            cl = cl.getParent();
        }
        return cp.length() == 0 ? System.getProperty("java.class.path") : cp.toString();
    }

    static void row(String name, double a, double s, boolean higherBetter) {
        System.out.printf(Locale.ROOT, "%-40s host-agent %10.1f   stunnel4 %10.1f   ratio %s%s%n", name, a, s,
                s == 0 ? "n/a" : String.format(Locale.ROOT, "%.2fx", a / s), higherBetter ? "" : " (lower is better)");
    }

    static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IOException("failed: " + String.join(" ", cmd));
        }
    }

    static final int IDLE_CPU_SECONDS = 5;

    static void settle() throws InterruptedException {
        Thread.sleep(2000);   // benchmark: let the server's allocations and GC settle before reading RSS
    }

    /** utime + stime of a process in milliseconds, from /proc/PID/stat (clock ticks of 10 ms). */
    static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;   // fields 14 and 15, USER_HZ = 100
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }

    static void waitListening(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IOException("nothing listening on " + port);
    }
}
