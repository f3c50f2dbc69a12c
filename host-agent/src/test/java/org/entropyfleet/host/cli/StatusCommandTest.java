package org.entropyfleet.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import org.entropyfleet.host.config.HostAgentConfig;
import org.entropyfleet.host.HostAgent;
import org.entropyfleet.host.testutil.AgentFixture;
import org.entropyfleet.host.testutil.Ports;
import org.entropyfleet.link.testsupport.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code host-agent status} against real agents (sources are real child processes): each exit code
 * (0 ok, 5 degraded, 6 down, 7 unreachable), the summary in words, {@code --json} and {@code --config}.
 */
class StatusCommandTest {
    /** A command source that starts and never writes: stalled after its stall-timeout. */
    private static final String STUCK = "  - {type: command, name: stuck, command: [\"/bin/sh\", \"-c\", \"exec sleep 600\"],"
            + " min-entropy: 8, stall-timeout: 200ms}\n";

    @TempDir
    Path dir;

    @Test
    void healthyAgentExitsZeroAndSaysSoInWordsAndJson() throws Exception {
        AgentFixture fx = new AgentFixture(dir);
        Path crl = fx.pki.writeCrl();
        String yaml = fx.config(AgentFixture.urandomSource(), "").replace("\n  allow:", "\n  crl: " + crl + "\n  allow:");
        try (HostAgent agent = fx.start("host.yaml", yaml)) {
            String url = "http://127.0.0.1:" + agent.metricsPort();
            // a rare false alarm of the health tests quarantines the only source for a few blocks
            Poll.until(Duration.ofSeconds(10), "status ok", () -> CliTest.run("status", "--metrics", url).code() == 0);
            CliTest.Run r = CliTest.run("status", "--metrics", url);
            assertTrue(r.out().contains("source urandom: serving, healthy;"), r.out());
            assertTrue(r.out().matches("(?s).*pool: \\d+ of 65536 bytes.*"), r.out());
            assertTrue(r.out().matches("(?s).*certificate: expires \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC \\(in \\d+ days\\).*"),
                    r.out());
            assertTrue(r.out().matches("(?s).*CRL: issued (\\d+ (s|min) ago|now), next update in \\d+ days.*"), r.out());
            assertTrue(r.out().endsWith("health: ok\n"), r.out());

            CliTest.Run j = CliTest.run("status", "--metrics", url, "--json");
            JsonNode doc = new ObjectMapper().readTree(j.out());
            assertEquals("ok", doc.get("state").asText(), j.out());
            assertEquals(0, doc.get("exit-code").asInt());
            assertEquals("urandom", doc.get("sources").get(0).get("name").asText());
            assertTrue(doc.get("tls").get("cert-expires-in-seconds").asLong() > 86_400, j.out());
            assertTrue(doc.get("tls").get("crl-age-seconds").asLong() >= 0, j.out());
        }
    }

    @Test
    void oneStalledSourceOfTwoIsDegradedExitFive() throws Exception {
        AgentFixture fx = new AgentFixture(dir);
        try (HostAgent agent = fx.start("host.yaml", fx.config(AgentFixture.urandomSource() + STUCK, ""))) {
            String url = "http://127.0.0.1:" + agent.metricsPort();
            Poll.until(Duration.ofSeconds(10), "stuck source stalled", () -> CliTest.run("status", "--metrics", url).out()
                    .contains("health: degraded: source stuck stalled"));
            CliTest.Run r = CliTest.run("status", "--metrics", url);
            assertEquals(5, r.code(), r.out());
            assertTrue(r.out().contains("source stuck: not serving (stalled)"), r.out());
            assertTrue(r.out().contains("health: degraded: source stuck stalled"), r.out());
        }
    }

    @Test
    void noSourceServingIsDownExitSix() throws Exception {
        AgentFixture fx = new AgentFixture(dir);
        try (HostAgent agent = fx.start("host.yaml", fx.config(STUCK, ""))) {
            String url = "http://127.0.0.1:" + agent.metricsPort();
            Poll.until(Duration.ofSeconds(10), "down", () -> CliTest.run("status", "--metrics", url).code() == 6);
            CliTest.Run r = CliTest.run("status", "--metrics", url);
            assertTrue(r.out().contains("health: down: no source serving"), r.out());
        }
    }

    @Test
    void configNamesTheAddressAndAnUnreachableAgentIsNamedWithTheReason() throws Exception {
        AgentFixture fx = new AgentFixture(dir);
        int metrics = Ports.free();
        Path cfg = fx.write("host.yaml", fx.config(AgentFixture.urandomSource(), "")
                .replace("metrics:\n  listen: 127.0.0.1:0", "metrics:\n  listen: 127.0.0.1:" + metrics));
        CliTest.Run none = CliTest.run("status", "-c", cfg.toString());
        assertEquals(7, none.code(), none.out() + none.err());
        assertEquals("status: cannot reach http://127.0.0.1:" + metrics + "/metrics.json: connection refused "
                + "(is the agent running, and is this its metrics.listen address?)\n", none.err());
        CliTest.Run noneJson = CliTest.run("status", "--config", cfg.toString(), "--json");
        JsonNode doc = new ObjectMapper().readTree(noneJson.out());
        assertEquals("unreachable", doc.get("state").asText());
        assertEquals(7, doc.get("exit-code").asInt());
        try (HostAgent agent = HostAgent.start(HostAgentConfig.load(cfg), new com.codahale.metrics.MetricRegistry())) {
            Poll.until(Duration.ofSeconds(10), "status via --config", () -> CliTest.run("status", "--config", cfg.toString()).code() == 0);
        }
    }
}
