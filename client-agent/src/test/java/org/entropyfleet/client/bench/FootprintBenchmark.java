package org.entropyfleet.client.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.entropyfleet.client.testsupport.AgentConfigs;
import org.entropyfleet.client.testsupport.TestEgdHost;
import org.entropyfleet.link.tls.TestPki;

/**
 * Footprint benchmark (not a unit test): runs the shaded client-agent jar with the flags in
 * jvm.options against two loopback mTLS hosts, with the kernel feeder (modern, real ioctls) and the
 * local EGD endpoint on, then reports VmRSS/VmHWM and the CPU used while idle over a window.
 *
 * <pre>java -cp TEST_CLASSPATH org.entropyfleet.client.bench.FootprintBenchmark
 *      client-agent/target/client-agent.jar client-agent/src/main/dist/jvm.options [seconds]</pre>
 */
public final class FootprintBenchmark {
    private FootprintBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        List<String> flags = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            String t = line.trim();
            if (!t.isEmpty() && !t.startsWith("#")) {
                flags.add(t);
            }
        }
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        Path dir = Files.createTempDirectory("ef-footprint");
        TestPki pki = TestPki.create(dir.resolve("pki"));
        try (TestEgdHost a = TestEgdHost.start(pki, "rng-a", 0); TestEgdHost b = TestEgdHost.start(pki, "rng-b", 0)) {
            int metricsPort;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                metricsPort = s.getLocalPort();
            }
            Path cfg = AgentConfigs.write(dir, pki, "kernel: {mode: auto}\nlocal-egd: {listen: \"127.0.0.1:0\"}\n"
                    + "metrics: {listen: \"127.0.0.1:" + metricsPort + "\"}\n", a.port(), b.port());
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(flags);
            cmd.addAll(List.of("-jar", jar.toString(), "--config", cfg.toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("agent.log").toFile()).start();
            long started = System.nanoTime();
            try {
                waitHealthy(metricsPort);
                double startup = (System.nanoTime() - started) / 1e9;
                long pid = p.pid();
                // let start-up settle (class loading, first JIT), then measure an idle window
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(5));
                long cpu0 = cpuTicks(pid);
                long t0 = System.nanoTime();
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(seconds));
                long cpu1 = cpuTicks(pid);
                double wall = (System.nanoTime() - t0) / 1e9;
                double cpuSeconds = (cpu1 - cpu0) / 100.0; // USER_HZ = 100
                System.out.printf("flags: %s%n", String.join(" ", flags));
                System.out.printf("start to healthy (connected, kernel fed, local endpoint up): %.2f s%n", startup);
                System.out.printf("VmRSS: %s  VmHWM: %s  Threads: %s%n", status(pid, "VmRSS"), status(pid, "VmHWM"),
                        status(pid, "Threads"));
                System.out.printf("idle CPU over %.0f s: %.2f s (%.3f %% of one core)%n", wall, cpuSeconds,
                        100 * cpuSeconds / wall);
                System.out.printf("bytes served by hosts: %d (top-ups + local buffer fill)%n",
                        a.bytesServed() + b.bytesServed());
            } finally {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
                p.destroyForcibly();
            }
        }
    }

    private static void waitHealthy(int port) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (Exception e) {
                // not up yet
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        throw new IllegalStateException("agent did not become healthy");
    }

    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    }

    private static String status(long pid, String key) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(key + ":")) {
                return line.substring(key.length() + 1).trim();
            }
        }
        return "?";
    }
}
