package org.entropyfleet.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.entropyfleet.host.HostAgent;
import org.entropyfleet.host.HostAgentCommand;
import org.entropyfleet.host.testutil.AgentFixture;
import org.entropyfleet.host.testutil.EgdSocketClient;
import org.entropyfleet.host.testutil.Ports;
import org.entropyfleet.link.testsupport.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cl = HostAgentCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void checkConfigPrintsASummary() {
        AgentFixture fx = new AgentFixture(dir);
        Path cfg = fx.write("ok.yaml", fx.config(AgentFixture.urandomSource(),
                "quota: {bytes-per-second: 4KiB, burst: 64KiB}\nmax-connections: 100\n"));
        Run r = run("check-config", cfg.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("OK"), r.out());
        assertTrue(r.out().contains("source urandom: command"), r.out());
        assertTrue(r.out().contains("max-connections: 100"), r.out());
    }

    @Test
    void checkConfigNamesFileLineAndKey() {
        AgentFixture fx = new AgentFixture(dir);
        String yaml = fx.config("  - {type: device, path: /dev/hwrng, min-entropy: 9}\n", "");
        Path cfg = fx.write("bad.yaml", yaml);
        Run r = run("check-config", cfg.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad.yaml:"), r.err());
        assertTrue(r.err().contains("min-entropy"), r.err());
        int line = List.of(yaml.split("\n")).indexOf("  - {type: device, path: /dev/hwrng, min-entropy: 9}") + 1;
        assertTrue(r.err().contains("bad.yaml:" + line), "line " + line + " in: " + r.err());
    }

    @Test
    void checkConfigLoadsTheCertificatesUnlessSyntaxOnly() {
        AgentFixture fx = new AgentFixture(dir);
        Path cfg = fx.write("missing-key.yaml", fx.config(AgentFixture.urandomSource(), "")
                .replace(fx.host[1].toString(), dir.resolve("nope.key").toString()));
        Run r = run("check-config", cfg.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("missing-key.yaml:4:3: key 'tls.key': no such file") && r.err().contains("nope.key"), r.err());
        assertEquals(0, run("check-config", "--syntax-only", cfg.toString()).code());
    }

    /** check-config on the fixture's config with one urandom source and {@code extraYaml} appended, written to {@code file}. */
    private Run checkConfigWith(AgentFixture fx, String file, String extraYaml) {
        return run("check-config", fx.write(file, fx.config(AgentFixture.urandomSource(), extraYaml)).toString());
    }

    @Test
    void busyPollDefaultsToOffAndIsBounded() {
        AgentFixture fx = new AgentFixture(dir);
        Run byDefault = checkConfigWith(fx, "default.yaml", "");
        assertEquals(0, byDefault.code(), byDefault.err());
        assertTrue(byDefault.out().contains("busy-poll: off"), byDefault.out());
        Run on = checkConfigWith(fx, "on.yaml", "busy-poll: 50us\n");
        assertEquals(0, on.code(), on.err());
        assertTrue(on.out().contains("busy-poll: 50us"), on.out());
        Run tooLong = checkConfigWith(fx, "long.yaml", "busy-poll: 2ms\n");
        assertEquals(2, tooLong.code());
        assertTrue(tooLong.err().contains("long.yaml") && tooLong.err().contains("busy-poll"), tooLong.err());
    }

    @Test
    void ioThreadsDefaultToHalfTheCoresAndAreBounded() {
        AgentFixture fx = new AgentFixture(dir);
        Run byDefault = checkConfigWith(fx, "default.yaml", "");
        assertEquals(0, byDefault.code(), byDefault.err());
        int half = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        assertTrue(byDefault.out().contains("io-threads: " + half + "\n"), byDefault.out());
        Run three = checkConfigWith(fx, "three.yaml", "io-threads: 3\n");
        assertEquals(0, three.code(), three.err());
        assertTrue(three.out().contains("io-threads: 3\n"), three.out());
        Run none = checkConfigWith(fx, "none.yaml", "io-threads: 0\n");
        assertEquals(2, none.code());
        assertTrue(none.err().contains("none.yaml") && none.err().contains("io-threads"), none.err());
    }

    @Test
    void unknownKeyIsAConfigError() {
        AgentFixture fx = new AgentFixture(dir);
        Path cfg = fx.write("typo.yaml", fx.config(AgentFixture.urandomSource(), "pool-sise: 1MiB\n"));
        Run r = run("check-config", cfg.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("pool-sise"), r.err());
    }

    @Test
    void runWithoutConfigIsAUsageError() {
        assertEquals(2, run().code());
        assertEquals(2, run("--config", dir.resolve("missing.yaml").toString()).code());
    }

    @Test
    void statusSummarisesARunningAgent() throws Exception {
        AgentFixture fx = new AgentFixture(dir);
        try (HostAgent agent = fx.start("host.yaml", fx.config(AgentFixture.urandomSource(), ""))) {
            try (EgdSocketClient c = EgdSocketClient.tls(fx.clientFactory("client-a"), agent.port())) {
                c.readBlocking(100);
            }
            Run r = run("status", "--metrics", "http://127.0.0.1:" + agent.metricsPort());
            // HEALTHY, or QUARANTINED for a few blocks after a rare false alarm: then the only source is not serving
            assertTrue(r.out().matches("(?s).*source urandom: (serving, healthy|quarantined by its health tests).*"), r.out());
            boolean ok = r.out().contains("health: ok\n");
            assertTrue(ok || r.out().contains("health: down: no source serving; source urandom quarantined"), r.out());
            assertEquals(ok ? 0 : 6, r.code(), r.err());
            assertTrue(r.out().contains("client client-a: 100 bytes served"), r.out());
        }
    }

    @Test
    void realProcessReloadsOnHupAndStopsGracefullyOnTerm() throws Exception {
        AgentFixture fx = new AgentFixture(dir);
        int port = Ports.free();
        int metrics = Ports.free();
        String yaml = fx.config(AgentFixture.urandomSource(), "")
                .replace("listen: 127.0.0.1:0\ntls", "listen: 127.0.0.1:" + port + "\ntls")
                .replace("listen: 127.0.0.1:0\n", "listen: 127.0.0.1:" + metrics + "\n");
        Path cfg = fx.write("proc.yaml", yaml);
        Path log = dir.resolve("agent.log");
        // SIGHUP at its default, as under systemd (a runner under nohup would pass SIG_IGN on: see Signals)
        Process p = new ProcessBuilder("env", "--default-signal=HUP", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HostAgentCommand.class.getName(), "--config", cfg.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // the SIGHUP handler is installed before the agent listens (Signals.catchHangups)
            Poll.until(Duration.ofSeconds(30), "agent listening", () -> logHas(log, "event=listening"));
            try (EgdSocketClient c = EgdSocketClient.tls(fx.clientFactory("client-a"), port)) {
                assertEquals(64, c.readBlocking(64).length);
            }
            // SIGHUP: narrow the allowlist; client-a is refused afterwards
            Files.writeString(cfg, yaml.replace("allow: [\"client-*\", \"host.test\"]", "allow: [\"client-b\"]"));
            assertEquals(0, new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor());
            Poll.until(Duration.ofSeconds(60), () -> "reload logged; agent " + (p.isAlive() ? "alive" : "exited " + p.exitValue()) + ", log ends: " + tail(log), () -> logHas(log, "event=reloaded"));
            assertTrue(refused(fx, "client-a", port), "client-a no longer allowed after SIGHUP");
            try (EgdSocketClient c = EgdSocketClient.tls(fx.clientFactory("client-b"), port)) {
                assertEquals(64, c.readBlocking(64).length);
            }
            p.destroy();   // SIGTERM
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertTrue(logHas(log, "event=stopped"), "graceful stop logged");
        } finally {
            p.destroyForcibly();
        }
    }

    private static boolean refused(AgentFixture fx, String cn, int port) throws Exception {
        try (EgdSocketClient c = EgdSocketClient.tls(fx.clientFactory(cn), port)) {
            c.readBlocking(16);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log);
            return s.substring(Math.max(0, s.length() - 1500));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static boolean logHas(Path log, String s) {
        try {
            return Files.exists(log) && Files.readString(log).contains(s);
        } catch (IOException e) {
            return false;
        }
    }
}
