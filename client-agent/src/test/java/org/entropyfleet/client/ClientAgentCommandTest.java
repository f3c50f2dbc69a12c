package org.entropyfleet.client;

import org.entropyfleet.client.testsupport.CliRun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.entropyfleet.client.testsupport.AgentConfigs;
import org.entropyfleet.client.testsupport.TestEgdHost;
import org.entropyfleet.link.cli.ExitCodes;
import org.entropyfleet.link.tls.TestPki;
import org.entropyfleet.link.testsupport.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientAgentCommandTest {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void checkConfigAcceptsAGoodFileAndNamesFileLineKeyOtherwise() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        Path good = AgentConfigs.write(dir, pki, "kernel: {mode: modern}\n", 7776);
        CliRun ok = run("check-config", good.toString());
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().contains("ok"), ok.out());

        Path bad = Files.writeString(dir.resolve("bad.yaml"), Files.readString(good) + "local-egd:\n  listen: \"0.0.0.0:7777\"\n");
        assertCheckConfigFails(bad, bad + ":", "local-egd.listen");
        Path missingKey = Files.writeString(dir.resolve("nokey.yaml"),
                Files.readString(good).replace(pki.dir().toString(), "/nonexistent"));
        assertCheckConfigFails(missingKey, "/nonexistent");
    }

    /** check-config exits 2 and its message names each of {@code mentions}. */
    private static void assertCheckConfigFails(Path file, String... mentions) {
        CliRun r = run("check-config", file.toString());
        assertEquals(ExitCodes.CONFIG, r.exit(), r.err());
        for (String m : mentions) {
            assertTrue(r.err().contains(m), "no '" + m + "' in: " + r.err());
        }
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run().exit());
        assertEquals(2, run("seed").exit());
        assertEquals(2, run("--no-such-option").exit());
        CliRun shortConfig = run("-c", dir.resolve("missing.yaml").toString());
        assertEquals(2, shortConfig.exit(), "-c is --config, as for the host-agent");
        assertTrue(shortConfig.err().contains("missing.yaml"), shortConfig.err());
        assertEquals(0, run("--help").exit());
    }

    @Test
    void daemonWithoutPicocliFailsLikePicocliOnABadConfig() {
        Path missing = dir.resolve("missing.yaml");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ClientAgentCommand.runDaemon(missing, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(ExitCodes.CONFIG, exit);
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("client-agent: ") && text.contains("missing.yaml"), text);
        assertEquals(run("--config", missing.toString()).err(), text, "the same line picocli's handler prints");
    }

    @Test
    void seedCreditsTheKernelFromAHost() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        try (TestEgdHost h = TestEgdHost.start(pki, "rng-a", 0)) {
            Path cfg = AgentConfigs.write(dir, pki, "", h.port());
            Path state = dir.resolve("state");
            CliRun r = run("seed", "--bytes", "64", "--config", cfg.toString(), "--state-dir", state.toString());
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("seeded 64 bytes from 127.0.0.1:" + h.port() + ": 512 bits credited"), r.out());
            assertEquals(64, h.bytesServed());
            // timer mode's health: the run is recorded and status --seed reads it
            CliRun status = run("status", "--seed", "--state-dir", state.toString());
            assertEquals(0, status.exit(), status.out());
            assertTrue(status.out().contains("from 127.0.0.1:" + h.port() + ": 64 bytes, 512 bits credited"), status.out());
        }
    }

    @Test
    void seedFailsNamingTheHostsWhenNoneAnswers() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        int p1 = freePort();
        int p2 = freePort();
        Path cfg = AgentConfigs.write(dir, pki, "request-timeout: 500ms\n", p1, p2);
        Path state = dir.resolve("state");
        CliRun r = run("seed", "--bytes", "32", "--config", cfg.toString(), "--timeout", "2s", "--state-dir", state.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("127.0.0.1:" + p1) && r.err().contains("127.0.0.1:" + p2), r.err());
        assertEquals(6, run("status", "--seed", "--state-dir", state.toString()).exit(), "never seeded: down");
    }

    @Test
    void daemonRunsUntilSigtermAndStatusReportsIt() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        try (TestEgdHost h = TestEgdHost.start(pki, "rng-a", 0)) {
            int metricsPort = freePort();
            Path cfg = AgentConfigs.write(dir, pki, "kernel: {mode: off}\nmetrics: {listen: \"127.0.0.1:" + metricsPort
                    + "\"}\n", h.port());
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path log = dir.resolve("agent.log");
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    ClientAgentMain.class.getName(), "--config", cfg.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                Poll.until(Duration.ofSeconds(60), "status reports a connected agent",
                        () -> run("status", "--metrics", "http://127.0.0.1:" + metricsPort).exit() == 0);
                CliRun s = run("status", "--config", cfg.toString());
                assertEquals(0, s.exit(), s.err());
                assertTrue(s.out().contains("health: ok"), s.out());
                assertTrue(s.out().contains("upstream: connected to 127.0.0.1:" + h.port()), s.out());
                p.destroy(); // SIGTERM
                assertTrue(p.waitFor(15, TimeUnit.SECONDS), "agent stops on SIGTERM");
                String text = Files.readString(log, StandardCharsets.UTF_8);
                assertTrue(text.contains("event=client-agent-stopped"), text);
            } finally {
                p.destroyForcibly();
            }
            assertEquals(7, run("status", "--metrics", "http://127.0.0.1:" + metricsPort).exit(), "nothing listening");
        }
    }
}
