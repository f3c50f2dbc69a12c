package org.entropyfleet.host.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.entropyfleet.host.HostAgentCommand;
import org.entropyfleet.host.testutil.AgentFixture;
import org.entropyfleet.host.testutil.Pem;
import org.entropyfleet.host.testutil.TinyEgdServer;

/**
 * Benchmark, not a test: host-agent (separate JVM) against stunnel4 (server mode, verify = 2) in front
 * of a minimal EGD backend, same machine, same run, same JDK TLS client.
 *
 * <pre>
 * mvn -B -q -pl host-agent -am install -DskipTests
 * mvn -B -q -pl host-agent exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.entropyfleet.host.bench.HostBench [-Dbench.seconds=5] [-Dbench.idle=1000]
 * </pre>
 * Measures full mTLS handshakes/s (new connection, one 32-byte 0x02, close; sessions invalidated so
 * nothing resumes), 0x02 32-byte requests/s on one persistent connection with 1 and 64 outstanding,
 * and RSS per idle mTLS connection at N connections (VmRSS delta of the server process).
 */
public final class HostBench {
    static final int SECONDS = Integer.getInteger("bench.seconds", 5);
    static final int IDLE = Integer.getInteger("bench.idle", 1000);
    static final int HANDSHAKE_THREADS = Integer.getInteger("bench.threads", 4);

    private HostBench() {
    }

    record Figures(double handshakes, double window1, double window64, double kbPerConn) {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("hostbench");
        AgentFixture fx = new AgentFixture(dir);
        Path[] benchClient = fx.client("client-bench");
        SSLSocketFactory client = Pem.clientFactory(benchClient[0], benchClient[1], fx.pki.caBundle());
        Figures agent;
        Figures stunnel;
        int agentPort = freePort();
        String yaml = fx.config(AgentFixture.urandomSource(), "pool-size: 4MiB\nmax-connections: 5000\n")
                .replace("listen: 127.0.0.1:0\ntls", "listen: 127.0.0.1:" + agentPort + "\ntls");
        Path cfg = fx.write("bench-agent.yaml", yaml);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                HostAgentCommand.class.getName(), "--config", cfg.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile()).start();
        try {
            waitListening(agentPort);
            agent = measure("host-agent", p.pid(), agentPort, client);
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        try (TinyEgdServer backend = new TinyEgdServer()) {
            int port = freePort();
            Path conf = dir.resolve("stunnel-server.conf");
            Files.writeString(conf, String.join("\n", "foreground = yes", "pid =", "debug = 3",
                    "[egd]", "accept = 127.0.0.1:" + port, "connect = 127.0.0.1:" + backend.port(),
                    "cert = " + fx.host[0], "key = " + fx.host[1], "CAfile = " + fx.pki.caBundle(), "verify = 2", ""));
            Process s = new ProcessBuilder("sh", "-c", "ulimit -n 20000; exec stunnel4 " + conf)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stunnel.log").toFile()).start();
            try {
                waitListening(port);
                stunnel = measure("stunnel4", s.pid(), port, client);
            } finally {
                s.destroy();
                s.waitFor(10, TimeUnit.SECONDS);
            }
        }
        System.out.println();
        System.out.println("=== host-agent vs stunnel4 (same machine, same run, JDK TLS 1.3 client, ECDSA P-256 mTLS) ===");
        row("full mTLS handshakes/s (+1 EGD read)", agent.handshakes, stunnel.handshakes, true);
        row("EGD 0x02 32B req/s, window 1", agent.window1, stunnel.window1, true);
        row("EGD 0x02 32B req/s, window 64", agent.window64, stunnel.window64, true);
        row("RSS KB per idle conn @" + IDLE, agent.kbPerConn, stunnel.kbPerConn, false);
    }

    static void row(String name, double a, double s, boolean higherBetter) {
        System.out.printf(Locale.ROOT, "%-40s host-agent %10.1f   stunnel4 %10.1f   ratio %.2fx%s%n", name, a, s,
                a / s, higherBetter ? "" : " (lower is better)");
    }

    static Figures measure(String name, long pid, int port, SSLSocketFactory f) throws Exception {
        // warm-up (JIT on the agent side, caches on both)
        handshakes(f, port, 1);
        double hs = handshakes(f, port, SECONDS);
        System.out.printf(Locale.ROOT, "%s: %.1f handshakes/s%n", name, hs);
        double w1 = requests(f, port, 1, SECONDS);
        System.out.printf(Locale.ROOT, "%s: %.1f req/s window 1%n", name, w1);
        double w64 = requests(f, port, 64, SECONDS);
        System.out.printf(Locale.ROOT, "%s: %.1f req/s window 64%n", name, w64);
        double kb = idleMemory(f, port, pid, IDLE);
        System.out.printf(Locale.ROOT, "%s: %.1f KB RSS per idle connection%n", name, kb);
        return new Figures(hs, w1, w64, kb);
    }

    static double handshakes(SSLSocketFactory f, int port, int seconds) throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < HANDSHAKE_THREADS; i++) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[32];
                while (System.nanoTime() < end) {
                    try (SSLSocket s = open(f, port)) {
                        OutputStream out = s.getOutputStream();
                        out.write(new byte[] {0x02, 32});
                        out.flush();
                        new DataInputStream(s.getInputStream()).readFully(buf);
                        s.getSession().invalidate();   // no resumption: every connection is a full handshake
                        done.incrementAndGet();
                    } catch (IOException e) {
                        // counted as not done
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    static double requests(SSLSocketFactory f, int port, int window, int seconds) throws Exception {
        try (SSLSocket s = open(f, port)) {
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(s.getInputStream(), 65536));
            Semaphore credits = new Semaphore(window);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            AtomicLong sent = new AtomicLong();
            Thread writer = new Thread(() -> {
                try {
                    byte[] req = {0x02, 32};
                    while (System.nanoTime() < end) {
                        credits.acquire();
                        out.write(req);
                        if (credits.availablePermits() == 0 || window == 1) {
                            out.flush();
                        }
                        sent.incrementAndGet();
                    }
                    out.flush();
                } catch (IOException | InterruptedException e) {
                    // measured up to here
                }
            });
            long start = System.nanoTime();
            writer.start();
            byte[] buf = new byte[32];
            long received = 0;
            while (writer.isAlive() || received < sent.get()) {
                in.readFully(buf);
                received++;
                credits.release();
            }
            writer.join();
            return received / ((System.nanoTime() - start) / 1e9);
        }
    }

    static double idleMemory(SSLSocketFactory f, int port, long pid, int n) throws Exception {
        settle();
        long before = rssKb(pid);
        List<SSLSocket> open = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                SSLSocket s = open(f, port);
                s.getOutputStream().write(new byte[] {0x02, 1});
                s.getOutputStream().flush();
                s.getInputStream().read();   // served: the connection is established end to end
                open.add(s);
            }
            settle();
            long after = rssKb(pid);
            return (after - before) / (double) n;
        } finally {
            for (SSLSocket s : open) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    static void settle() throws InterruptedException {
        Thread.sleep(2000);   // benchmark: let the server's allocations and GC settle before reading RSS
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }

    static SSLSocket open(SSLSocketFactory f, int port) throws IOException {
        SSLSocket s = (SSLSocket) f.createSocket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
        s.setTcpNoDelay(true);
        s.setSoTimeout(30_000);
        s.startHandshake();
        return s;
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

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
