package org.entropyfleet.client.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.entropyfleet.link.tls.TestPki;

/**
 * Footprint benchmark (not a unit test): runs the shaded client-agent jar against a real host-agent
 * process (host-agent.jar, device source /dev/urandom, mTLS on loopback) with the kernel feeder
 * (mode auto, real ioctls) and the local EGD endpoint on, once per variant, one after the other on
 * the same machine, and prints for each: start → healthy, VmRSS when healthy, VmRSS after start-up
 * settled (the agent's one System.gc(), native heap trim), VmRSS/VmHWM after the idle window, and
 * the CPU (utime + stime from /proc/PID/stat) used over the idle window.
 *
 * <pre>java -cp TEST_CLASSPATH org.entropyfleet.client.bench.FootprintBenchmark HOST_AGENT_JAR SECONDS VARIANT...
 *   VARIANT = label|client-agent.jar|jvm.options[|NAME=VALUE,NAME=VALUE]   (the NAME=VALUEs go into the environment)
 * e.g. after|client-agent/target/client-agent.jar|client-agent/src/main/dist/jvm.options|MALLOC_ARENA_MAX=2
 *   a jar field floor-MODE:JAR runs {@link FootprintFloor} MODE (sleep, jdk-tls, netty-tls) instead of the agent</pre>
 */
public final class FootprintBenchmark {
    /** A variant whose jar field is {@code floor-MODE:JAR} runs {@link FootprintFloor} MODE with JAR on its class path. */
    private static final String FLOOR = "floor-";
    /** Start-up work (first top-up, local buffer fill) and the agent's settle (10 s after start) are over by then. */
    private static final long SETTLE_SECONDS = 15;

    private FootprintBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path hostJar = Path.of(args[0]);
        int seconds = Integer.parseInt(args[1]);
        Path dir = Files.createTempDirectory("ef-footprint");
        TestPki pki = TestPki.create(dir.resolve("pki"));
        int hostPort = freePort();
        Path[] hostCrt = pki.issueHost("rng-a", "127.0.0.1");
        Path hostCfg = dir.resolve("host-agent.yaml");
        Files.writeString(hostCfg, "listen: \"127.0.0.1:" + hostPort + "\"\n"
                + "tls: {cert: " + hostCrt[0] + ", key: " + hostCrt[1] + ", ca: " + pki.caBundle() + ", allow: [\"vm-*\"]}\n"
                + "sources: [{type: device, path: /dev/urandom, min-entropy: 8}]\n"
                + "metrics: {listen: \"127.0.0.1:" + freePort() + "\"}\n");
        Process host = new ProcessBuilder(java(), "-Xmx64m", "-jar", hostJar.toString(), "--config", hostCfg.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("host-agent.log").toFile()).start();
        try {
            waitListening(hostPort);
            Path[] clientCrt = pki.issueClient("vm-bench-1");
            for (int i = 2; i < args.length; i++) {
                runVariant(args[i], dir, pki, clientCrt, hostPort, seconds);
            }
        } finally {
            host.destroy();
            host.waitFor(10, TimeUnit.SECONDS);
            host.destroyForcibly();
        }
    }

    private static void runVariant(String spec, Path dir, TestPki pki, Path[] crt, int hostPort, int seconds)
            throws Exception {
        String[] parts = spec.split("\\|");
        String label = parts[0];
        List<String> flags = readFlags(Path.of(parts[2]));
        Map<String, String> env = new LinkedHashMap<>();
        if (parts.length > 3) {
            for (String kv : parts[3].split(",")) {
                env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        int metricsPort = freePort();
        Path cfg = dir.resolve("client-" + label + ".yaml");
        Files.writeString(cfg, "hosts: [\"127.0.0.1:" + hostPort + "\"]\n"
                + "tls: {cert: " + crt[0] + ", key: " + crt[1] + ", ca: " + pki.caBundle() + "}\n"
                + "kernel: {mode: auto}\n"
                + "local-egd: {listen: \"127.0.0.1:0\"}\n"
                + "metrics: {listen: \"127.0.0.1:" + metricsPort + "\"}\n");
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(flags);
        String floor = null;
        if (parts[1].startsWith(FLOOR)) {
            floor = parts[1].substring(FLOOR.length(), parts[1].indexOf(':'));
            String classes = Path.of(FootprintFloor.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
            cmd.addAll(List.of("-cp", classes + ":" + parts[1].substring(parts[1].indexOf(':') + 1),
                    FootprintFloor.class.getName(), floor, "127.0.0.1", String.valueOf(hostPort), crt[0].toString(),
                    crt[1].toString(), pki.caBundle().toString()));
        } else {
            cmd.addAll(List.of("-jar", parts[1], "--config", cfg.toString()));
        }
        Path log = dir.resolve("agent-" + label + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        long started = System.nanoTime();
        try {
            if (floor == null) {
                waitHealthy(metricsPort);
            } else {
                waitReady(log, p);
            }
            double startup = (System.nanoTime() - started) / 1e9;
            long pid = p.pid();
            String rssHealthy = status(pid, "VmRSS");
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(SETTLE_SECONDS));
            String rssSettled = status(pid, "VmRSS");
            long cpu0 = cpuTicks(pid);
            long t0 = System.nanoTime();
            idle(floor == null ? metricsPort : -1, seconds);
            long cpu1 = cpuTicks(pid);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (cpu1 - cpu0) / 100.0; // USER_HZ = 100
            System.out.printf("== %s: %s%n   env: %s  flags: %s%n", label, parts[1], env, String.join(" ", flags));
            System.out.printf("   start to healthy: %.2f s%n", startup);
            System.out.printf("   VmRSS healthy: %s  settled (+%d s): %s  after idle: %s  VmHWM: %s  threads: %s%n",
                    rssHealthy, SETTLE_SECONDS, rssSettled, status(pid, "VmRSS"), status(pid, "VmHWM"),
                    status(pid, "Threads"));
            System.out.printf("   idle CPU over %.0f s: %.2f s (%.3f %% of one core)%n", wall, cpuSeconds,
                    100 * cpuSeconds / wall);
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
    }

    /**
     * Waits {@code seconds}; with {@code -Dbench.scrape=N} it reads /metrics every N seconds meanwhile, as
     * a Prometheus scrape would, so the figures include the exposition code.
     */
    private static void idle(int metricsPort, long seconds) throws Exception {
        long every = metricsPort < 0 ? 0 : Long.getLong("bench.scrape", 0);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        if (every <= 0) {
            LockSupport.parkNanos(end - System.nanoTime());
            return;
        }
        HttpClient http = HttpClient.newHttpClient();
        while (System.nanoTime() < end) {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.discarding());
            LockSupport.parkNanos(Math.min(TimeUnit.SECONDS.toNanos(every), end - System.nanoTime()));
        }
    }

    private static List<String> readFlags(Path file) throws IOException {
        List<String> flags = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String t = line.trim();
            if (!t.isEmpty() && !t.startsWith("#")) {
                flags.add(t);
            }
        }
        return flags;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void waitListening(int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
        throw new IllegalStateException("host-agent did not listen on " + port);
    }

    private static void waitHealthy(int port) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        throw new IllegalStateException("agent did not become healthy");
    }

    /** A {@link FootprintFloor} has no /healthz: it prints "ready" once connected. */
    private static void waitReady(Path log, Process p) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.readString(log).contains("ready")) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        throw new IllegalStateException("floor did not get ready: " + Files.readString(log));
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    }

    private static String status(long pid, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(key + ":")) {
                return line.substring(key.length() + 1).trim();
            }
        }
        return "?";
    }
}
