package org.entropyfleet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.entropyfleet.it.support.AgentProcess;
import org.entropyfleet.it.support.Cli;
import org.entropyfleet.it.support.ConnectionFlood;
import org.entropyfleet.it.support.EgdSocket;
import org.entropyfleet.it.support.Fleet;
import org.entropyfleet.it.support.Metrics;
import org.entropyfleet.it.support.Poll;
import org.entropyfleet.it.support.Ports;
import org.entropyfleet.link.log.RateLimitedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local user floods a host-agent's metrics port with 1,000 held connections, half idle and half
 * dribbling a request header, reopening what the agent closes: {@code /healthz} keeps answering within
 * a second with the agent's real state (degraded: one source stalled) while the agent holds them and
 * while it cuts them at the request deadline, {@code status} exits with the degraded code, the agent
 * keeps serving EGD, and the log stays short. (Shedding past the budget: {@code MetricsServerTest}.)
 */
class MetricsFloodIT {
    private static final int CONNECTIONS = 1_000;
    /** The test's own budget: the flood, plus the JVM's jars, sockets and pipes. */
    private static final int FDS_NEEDED_HERE = CONNECTIONS + 200;
    private static final long ANSWER_WITHIN_MILLIS = 1_000;
    private static final String DEGRADED = "degraded: source stuck stalled";
    /** The defaults of metrics.max-connections and metrics.request-deadline. */
    private static final int BUDGET = 1024;
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    Fleet fleet;

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void healthzAnswersWithinASecondWhileAThousandConnectionsAreHeld() throws Exception {
        long fdLimit = ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getMaxFileDescriptorCount();
        assertTrue(fdLimit >= FDS_NEEDED_HERE, "the test JVM may open " + fdLimit + " files, the flood needs "
                + FDS_NEEDED_HERE + ": raise ulimit -n");
        fleet = Fleet.create(dir);
        fleet.issueHost("host-m");
        int port = Ports.free();
        int metrics = Ports.free();
        int local = Ports.free();
        String sources = Fleet.urandomSource(8)
                + "  - type: command\n    name: stuck\n    command: [\"/bin/sh\", \"-c\", \"exec sleep 600\"]\n"
                + "    min-entropy: 8\n    stall-timeout: 1s\n";
        AgentProcess host = fleet.startHost("host-m", fleet.writeHostConfig("host-m", port, metrics, sources,
                "local-egd:\n  listen: 127.0.0.1:" + local + "\n"), port, metrics);
        long agentFds = openFilesLimit(host.pid());
        assertTrue(agentFds >= BUDGET + 200, "the agent may open " + agentFds + " files: raise ulimit -n");
        Poll.until(Duration.ofSeconds(20), "/healthz to report the stalled source",
                () -> healthz(metrics).body().equals(DEGRADED));
        Cli status = Cli.jar(dir, "host-agent", "status", "--metrics", "http://127.0.0.1:" + metrics);
        assertEquals(5, status.exitCode(), status.output());
        assertTrue(status.output().contains("health: " + DEGRADED), status.output());

        int logMark = host.output().length();
        try (ConnectionFlood flood = ConnectionFlood.start("127.0.0.1", metrics, CONNECTIONS, 200)) {
            long burst = System.nanoTime();
            // Held open: connected, and taken in by the agent. How long the agent takes to work through a
            // burst of 1,000 simultaneous connects is printed, not asserted: it is mostly cold JIT.
            Poll.until(Duration.ofSeconds(20), "the agent to take in the " + CONNECTIONS + " connections",
                    () -> Metrics.scrape(metrics).sum("metrics_server_connections_open") >= CONNECTIONS);
            long takenIn = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - burst);
            long worst = 0;
            int probes = 0;
            long end = burst + DEADLINE.plusSeconds(15).toNanos();
            // probe while the agent holds the flood, and on until it has cut every first-wave connection at
            // the deadline (idle and dribbling alike) while the flood opens new ones
            while (closedAtDeadline(metrics) < CONNECTIONS) {
                assertTrue(System.nanoTime() < end, "flood connections cut at the request deadline: only "
                        + closedAtDeadline(metrics));
                Answer a = healthz(metrics);
                assertEquals(200, a.status(), a.body());
                assertEquals(DEGRADED, a.body());
                worst = Math.max(worst, a.millis());
                probes++;
                assertTrue(a.millis() < ANSWER_WITHIN_MILLIS, "/healthz took " + a.millis() + " ms during the flood");
                TimeUnit.MILLISECONDS.sleep(200);   // probe pacing, as a health checker would; nothing waited for
            }
            try (EgdSocket egd = new EgdSocket("127.0.0.1", local, 10_000)) {
                assertEquals(128, egd.readBlocking(128).length, "the agent still serves EGD");
            }
            assertTrue(flood.closedByServer() >= CONNECTIONS, "the flood saw its connections closed");
            System.out.printf("MetricsFloodIT: burst taken in after %d ms; %d probes, worst /healthz %d ms; flood"
                    + " connected %d times, %d closed by the agent%n", takenIn, probes, worst, flood.connected(),
                    flood.closedByServer());
        }
        String log = host.output().substring(logMark);
        long lines = log.lines().filter(l -> l.contains("event=metrics-connection") || l.contains("log=metrics-close")).count();
        assertTrue(lines <= 4 * (RateLimitedLog.DEFAULT_PER_INTERVAL + 1), lines + " log lines about the flood:\n" + log);
    }

    private static double closedAtDeadline(int metricsPort) {
        return Metrics.scrape(metricsPort).sum("metrics_server_connections_closed_total", "reason=\"request-deadline\"");
    }

    private record Answer(int status, String body, long millis) {
    }

    private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/1\\.1 (\\d{3}) ");

    /** One GET on a fresh connection, timed from connect to the end of the answer, as a health checker sees it. */
    private static Answer healthz(int port) {
        long t0 = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(5_000);
            s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            Matcher m = STATUS_LINE.matcher(text);
            if (!m.find()) {
                throw new AssertionError("not an HTTP answer: " + text);
            }
            return new Answer(Integer.parseInt(m.group(1)), text.substring(text.indexOf("\r\n\r\n") + 4).strip(), millis);
        } catch (IOException e) {
            throw new AssertionError("/healthz failed after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)
                    + " ms", e);
        }
    }

    /** The soft "Max open files" limit of a process, from /proc. */
    private static long openFilesLimit(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        throw new AssertionError("no open files limit for " + pid);
    }
}
