package org.entropyfleet.host.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import org.entropyfleet.host.testutil.Ports;
import org.entropyfleet.host.testutil.TinyEgdServer;

/**
 * Benchmark, not a test: host-agent (separate JVM) against stunnel4 (server mode, verify = 2) in front
 * of a minimal EGD backend, same machine, same run, same JDK TLS client.
 *
 * <pre>
 * mvn -B -q -pl host-agent -am install -DskipTests
 * mvn -B -q -pl host-agent exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.entropyfleet.host.bench.HostBench [-Dbench.seconds=5] [-Dbench.rounds=3] [-Dbench.idle=1000]
 * </pre>
 * Measures full mTLS handshakes/s (new connection, one 32-byte 0x02, close; sessions invalidated so
 * nothing resumes), 0x02 32-byte requests/s on one persistent connection with 1 and 64 outstanding,
 * and RSS per idle mTLS connection at N connections (VmRSS delta of the server process). Server CPU per
 * operation (utime + stime from /proc) is printed too, since with two cores the JDK client is often the
 * bottleneck of the rates; stunnel's figure excludes its EGD backend (a thread in this JVM), the agent's
 * includes its pool.
 */
public final class HostBench {
    static final int SECONDS = Integer.getInteger("bench.seconds", 5);
    static final int IDLE = Integer.getInteger("bench.idle", 1000);
    static final int HANDSHAKE_THREADS = Integer.getInteger("bench.threads", 4);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    private HostBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("hostbench");
        AgentFixture fx = new AgentFixture(dir);
        Path[] benchClient = fx.client("client-bench");
        SSLSocketFactory client = Pem.clientFactory(benchClient[0], benchClient[1], fx.pki.caBundle());
        int agentPort = Ports.free();
        String yaml = fx.config(AgentFixture.urandomSource(), "pool-size: 4MiB\nmax-connections: 5000\n")
                .replace("listen: 127.0.0.1:0\ntls", "listen: 127.0.0.1:" + agentPort + "\ntls");
        Path cfg = fx.write("bench-agent.yaml", yaml);
        Process agent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath(), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                HostAgentCommand.class.getName(), "--config", cfg.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile()).start();
        Process stunnel = null;
        try (TinyEgdServer backend = new TinyEgdServer()) {
            int stunnelPort = Ports.free();
            Path conf = dir.resolve("stunnel-server.conf");
            Files.writeString(conf, String.join("\n", "foreground = yes", "pid =", "debug = 3",
                    "[egd]", "accept = 127.0.0.1:" + stunnelPort, "connect = 127.0.0.1:" + backend.port(),
                    "cert = " + fx.host[0], "key = " + fx.host[1], "CAfile = " + fx.pki.caBundle(), "verify = 2", ""));
            stunnel = new ProcessBuilder("sh", "-c", "ulimit -n 20000; exec stunnel4 " + conf)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stunnel.log").toFile()).start();
            waitListening(agentPort);
            waitListening(stunnelPort);
            // warm-up both (JIT on the agent side, caches on both)
            handshakes(client, agentPort, 3);
            requests(client, agentPort, 64, 2);
            handshakes(client, stunnelPort, 1);
            System.out.printf(Locale.ROOT, "load average before measuring: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
            // alternate the two servers round by round so background load hits both alike; report medians
            double[][] hs = new double[2][ROUNDS];
            double[][] w1 = new double[2][ROUNDS];
            double[][] w64 = new double[2][ROUNDS];
            double[][] hsCpu = new double[2][ROUNDS];
            double[][] w1Cpu = new double[2][ROUNDS];
            int[] ports = {agentPort, stunnelPort};
            long[] pids = {agent.pid(), stunnel.pid()};
            for (int r = 0; r < ROUNDS; r++) {
                for (int k = 0; k < 2; k++) {
                    long c0 = cpuMillis(pids[k]);
                    long t0 = System.nanoTime();
                    hs[k][r] = handshakes(client, ports[k], SECONDS);
                    hsCpu[k][r] = (cpuMillis(pids[k]) - c0) / (hs[k][r] * (System.nanoTime() - t0) / 1e9);
                    c0 = cpuMillis(pids[k]);
                    t0 = System.nanoTime();
                    w1[k][r] = requests(client, ports[k], 1, SECONDS);
                    w1Cpu[k][r] = 1000 * (cpuMillis(pids[k]) - c0) / (w1[k][r] * (System.nanoTime() - t0) / 1e9);
                    w64[k][r] = requests(client, ports[k], 64, SECONDS);
                    System.out.printf(Locale.ROOT, "round %d %-10s handshakes/s %7.1f (%.2f ms CPU each)  req/s w1 %8.1f "
                                    + "(%.1f us CPU each)  req/s w64 %8.1f%n", r + 1, k == 0 ? "host-agent" : "stunnel4",
                            hs[k][r], hsCpu[k][r], w1[k][r], w1Cpu[k][r], w64[k][r]);
                }
            }
            double memAgent = idleMemory(client, agentPort, agent.pid(), IDLE);
            double memStunnel = idleMemory(client, stunnelPort, stunnel.pid(), IDLE);
            System.out.println();
            System.out.println("=== host-agent vs stunnel4 (same machine, same run, JDK TLS 1.3 client, ECDSA P-256 mTLS, medians of "
                    + ROUNDS + " alternating rounds of " + SECONDS + " s) ===");
            row("full mTLS handshakes/s (+1 EGD read)", median(hs[0]), median(hs[1]), true);
            row("server CPU ms per handshake", median(hsCpu[0]), median(hsCpu[1]), false);
            row("EGD 0x02 32B req/s, window 1", median(w1[0]), median(w1[1]), true);
            row("server CPU us per request, window 1", median(w1Cpu[0]), median(w1Cpu[1]), false);
            row("EGD 0x02 32B req/s, window 64", median(w64[0]), median(w64[1]), true);
            row("RSS KB per idle conn @" + IDLE, memAgent, memStunnel, false);
            System.out.printf(Locale.ROOT, "load average after: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        } finally {
            agent.destroy();
            agent.waitFor(10, TimeUnit.SECONDS);
            if (stunnel != null) {
                stunnel.destroy();
                stunnel.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static double median(double[] v) {
        double[] c = v.clone();
        java.util.Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    /** The project classpath, also under exec:java (where java.class.path is Maven's own). */
    static String classpath() {
        StringBuilder cp = new StringBuilder();
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        while (cl != null) {
            if (cl instanceof java.net.URLClassLoader u) {
                for (java.net.URL url : u.getURLs()) {
                    if ("file".equals(url.getProtocol())) {
                        cp.append(cp.length() == 0 ? "" : java.io.File.pathSeparator).append(url.getPath());
                    }
                }
            }
            cl = cl.getParent();
        }
        return cp.length() == 0 ? System.getProperty("java.class.path") : cp.toString();
    }

    static void row(String name, double a, double s, boolean higherBetter) {
        System.out.printf(Locale.ROOT, "%-40s host-agent %10.1f   stunnel4 %10.1f   ratio %.2fx%s%n", name, a, s,
                a / s, higherBetter ? "" : " (lower is better)");
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
            java.util.concurrent.atomic.AtomicBoolean writerDone = new java.util.concurrent.atomic.AtomicBoolean();
            byte[] batch = new byte[2 * window];
            for (int i = 0; i < window; i++) {
                batch[2 * i] = 0x02;
                batch[2 * i + 1] = 32;
            }
            Thread writer = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        credits.acquire();
                        int n = 1 + credits.drainPermits();   // all free slots in one TLS record
                        sent.addAndGet(n);
                        out.write(batch, 0, 2 * n);
                    }
                } catch (IOException | InterruptedException e) {
                    // measured up to here
                } finally {
                    writerDone.set(true);
                }
            });
            long start = System.nanoTime();
            writer.start();
            byte[] buf = new byte[32];
            long received = 0;
            while (true) {
                if (received < sent.get()) {
                    in.readFully(buf);
                    received++;
                    credits.release();
                } else if (writerDone.get() && received >= sent.get()) {
                    break;
                } else {
                    Thread.onSpinWait();
                }
            }
            double secs = (System.nanoTime() - start) / 1e9;
            writer.join();
            return received / secs;
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

}
