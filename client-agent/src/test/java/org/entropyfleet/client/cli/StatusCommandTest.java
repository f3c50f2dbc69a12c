package org.entropyfleet.client.cli;

import org.entropyfleet.client.testsupport.CliRun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.entropyfleet.client.ClientAgent;
import org.entropyfleet.client.config.ClientAgentConfig;
import org.entropyfleet.client.testsupport.AgentConfigs;
import org.entropyfleet.client.testsupport.TestEgdHost;
import org.entropyfleet.link.tls.TestPki;
import org.entropyfleet.link.testsupport.Poll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code client-agent status} against real agents (real mTLS to real loopback hosts, the real kernel
 * or a simulated /proc through {@code kernel.proc-root}): each exit code, the words for modern and
 * watermark kernels, the watermark fall-back, {@code --json}.
 */
class StatusCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private TestPki pki;

    @BeforeEach
    void pki() {
        pki = TestPki.create(dir.resolve("pki"));
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static CliRun status(ClientAgent agent, String... more) {
        String[] args = new String[more.length + 3];
        args[0] = "status";
        args[1] = "--metrics";
        args[2] = "http://127.0.0.1:" + agent.metricsPort();
        System.arraycopy(more, 0, args, 3, more.length);
        return run(args);
    }

    private static CliRun awaitExit(ClientAgent agent, int code) {
        Poll.until(Duration.ofSeconds(15), "status exit " + code, () -> status(agent).exit() == code);
        return status(agent);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private ClientAgent start(String yaml, int... hostPorts) throws Exception {
        Path file = AgentConfigs.write(dir, pki, yaml + "metrics: {listen: \"127.0.0.1:0\"}\nrequest-timeout: 500ms\n",
                hostPorts);
        return ClientAgent.start(ClientAgentConfig.load(file));
    }

    @Test
    void okOnTheFirstHostDegradedOnAFallbackDownWithNoHost() throws Exception {
        int dead = freePort();
        try (TestEgdHost h = TestEgdHost.start(pki, "rng-a", 0)) {
            try (ClientAgent agent = start("kernel: {mode: off}\n", h.port())) {
                CliRun r = awaitExit(agent, 0);
                assertTrue(r.out().contains("upstream: connected to 127.0.0.1:" + h.port() + " (first choice)"), r.out());
                assertTrue(r.out().contains("kernel: not fed"), r.out());
                assertTrue(r.out().matches("(?s).*certificate: expires .* \\(in \\d+ days\\).*"), r.out());
                assertTrue(r.out().endsWith("health: ok\n"), r.out());
            }
            try (ClientAgent agent = start("kernel: {mode: off}\n", dead, h.port())) {
                CliRun r = awaitExit(agent, 5);
                assertTrue(r.out().contains("connected to 127.0.0.1:" + h.port() + " (a fallback host)"), r.out());
                assertTrue(r.out().contains("health: degraded: on fallback host 127.0.0.1:" + h.port()), r.out());
            }
        }
        try (ClientAgent agent = start("kernel: {mode: off}\n", dead)) {
            CliRun r = awaitExit(agent, 6);
            assertTrue(r.out().contains("upstream: no host reachable"), r.out());
            assertTrue(r.out().contains("health: down: no host reachable"), r.out());
            JsonNode doc = JSON.readTree(status(agent, "--json").out());
            assertEquals("down", doc.get("state").asText());
            assertEquals(6, doc.get("exit-code").asInt());
            assertTrue(doc.get("upstream").get("active-host").isNull(), doc.toString());
        }
    }

    @Test
    void unreachableAgentIsNamedWithTheReasonExitSeven() throws Exception {
        int port = freePort();
        CliRun r = run("status", "--metrics", "http://127.0.0.1:" + port);
        assertEquals(7, r.exit());
        assertEquals("status: cannot reach http://127.0.0.1:" + port + "/metrics.json: connection refused"
                + " (is the agent running, and is this its metrics.listen address?)\n", r.err());
        Path cfg = AgentConfigs.write(dir, pki, "metrics: {listen: \"127.0.0.1:" + port + "\"}\n", 7776);
        CliRun j = run("status", "-c", cfg.toString(), "--json");
        assertEquals(7, j.exit());
        JsonNode doc = JSON.readTree(j.out());
        assertEquals("unreachable", doc.get("state").asText());
        assertEquals("http://127.0.0.1:" + port + "/metrics.json", doc.get("url").asText());
    }

    @Test
    void modernKernelStatusTellsCrngAndTopUpsNotEntropyAvail() throws Exception {
        try (TestEgdHost h = TestEgdHost.start(pki, "rng-a", 0);
             ClientAgent agent = start("kernel: {mode: modern, top-up-interval: 200ms, reseed: true}\n", h.port())) {
            Poll.until(Duration.ofSeconds(15), "a top-up", () -> kernel(agent).get("last-feed").isTextual());
            CliRun r = status(agent);
            assertTrue(r.out().contains("kernel: modern driver (entropy_avail is a constant 256 there and means"
                    + " nothing); CRNG initialised before the agent started"), r.out());
            assertTrue(r.out().matches("(?s).*kernel: \\d+ bits credited since start; last top-up (\\d+ s ago|now)"
                    // "next N s ago": the top-up is due and the agent has not run it yet (a loaded machine)
                    + ", next (in \\d+ s|now|\\d+ s ago).*"), r.out());
            assertTrue(r.out().matches("(?s).*kernel: last CRNG reseed (\\d+ s ago|now).*"), r.out());
            JsonNode k = kernel(agent);
            assertEquals("modern", k.get("mode").asText());
            assertTrue(k.get("crng-ready").asBoolean());
            assertTrue(k.get("bits-credited").asLong() >= 64 * 8, k.toString());
        }
    }

    @Test
    void forcedWatermarkAboveABackportedPoolFallsBackToModernAndSaysSo() throws Exception {
        Path proc = simulatedProc("5.10.0-26-amd64", 256, 256);
        try (TestEgdHost h = TestEgdHost.start(pki, "rng-a", 0);
             ClientAgent agent = start("kernel: {mode: watermark, low-watermark: 3800, high-watermark: 4000,"
                     + " top-up-interval: 200ms, proc-root: \"" + proc + "\"}\n", h.port())) {
            Poll.until(Duration.ofSeconds(15), "modern top-ups credit", () -> kernel(agent).get("bits-credited").asLong() > 0);
            CliRun r = status(agent);
            assertEquals(5, r.exit(), r.out());
            assertTrue(r.out().contains("kernel: WARNING: a watermark exceeds the kernel's pool size (256 bits):"
                    + " watermark mode cannot work here, feeding in modern mode instead"), r.out());
            assertTrue(r.out().contains("health: degraded: kernel: low-watermark 3800 exceeds the kernel's pool size"
                    + " of 256 bits"), r.out());
            JsonNode k = kernel(agent);
            assertEquals("modern", k.get("mode").asText());
            assertTrue(k.get("watermark-fallback").asBoolean());
        }
    }

    @Test
    void oldKernelStatusShowsTheWatermarkFiguresAndCreditedApartFromCounted() throws Exception {
        // the simulated count does not move when the (real) kernel is credited: counted stays 0
        Path proc = simulatedProc("4.18.0-553.el8_10.x86_64", 4096, 500);
        try (TestEgdHost h = TestEgdHost.start(pki, "rng-a", 0);
             ClientAgent agent = start("kernel: {mode: auto, poll-interval: 1h, proc-root: \"" + proc + "\"}\n",
                     h.port())) {
            Poll.until(Duration.ofSeconds(15), "one refill", () -> kernel(agent).get("bits-credited").asLong() > 0);
            CliRun r = status(agent);
            assertTrue(r.out().contains("kernel: watermark: entropy_avail 500 of 4096 bits, refill below 1024 up to 3072"),
                    r.out());
            assertTrue(r.out().matches("(?s).*kernel: 2576 bits credited, 0 counted by the kernel since start; last"
                    + " refill (\\d+ s ago|now).*"), r.out());
            JsonNode k = kernel(agent);
            assertEquals("watermark", k.get("mode").asText());
            assertEquals(0, k.get("bits-counted").asLong());
        }
    }

    private Path simulatedProc(String release, int poolSize, int avail) throws IOException {
        Path proc = dir.resolve("proc");
        Files.createDirectories(proc.resolve("sys/kernel/random"));
        Files.writeString(proc.resolve("sys/kernel/osrelease"), release + "\n");
        Files.writeString(proc.resolve("sys/kernel/random/poolsize"), poolSize + "\n");
        Files.writeString(proc.resolve("sys/kernel/random/entropy_avail"), avail + "\n");
        return proc;
    }

    private static JsonNode kernel(ClientAgent agent) {
        try {
            return JSON.readTree(status(agent, "--json").out()).get("kernel");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
