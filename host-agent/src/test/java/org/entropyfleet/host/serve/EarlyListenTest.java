package org.entropyfleet.host.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.entropyfleet.host.testutil.AgentFixture;
import org.entropyfleet.host.testutil.EgdSocketClient;
import org.entropyfleet.link.testsupport.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A restarted agent's clients need not wait for its sources: it listens and completes mTLS handshakes
 * before its source has delivered a byte, and serves only bytes that passed the start-up health tests.
 */
class EarlyListenTest extends ServedAgentTest {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)   // were listening to wait for the source, start would hang
    void acceptsAndHandshakesBeforeItsSourceDeliversAndServesOnlyTestedBytes() throws Exception {
        Path gate = dir.resolve("gate.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", gate.toString()).inheritIO().start().waitFor());
        // the source's command blocks until the test writes the gate: no byte before that
        agent = fx.start("gated.yaml", fx.config(
                AgentFixture.commandSource("gated", "read go < " + gate + "; exec cat /dev/urandom", 8), ""));
        String passed = "host.source.gated.health.blocks-passed";
        try (EgdSocketClient c = EgdSocketClient.tls(fx.clientFactory("client-a"), agent.port())) {
            assertEquals(0, c.bitsAvailable(), "answered, so the handshake and our certificate were accepted");
            assertEquals(0, c.readNonBlocking(32).length, "nothing to serve yet");
            assertEquals(0, agent.metrics().counter(passed).getCount());
            try (OutputStream out = Files.newOutputStream(gate)) {
                out.write("go\n".getBytes(StandardCharsets.US_ASCII));
            }
            assertEquals(64, c.readBlocking(64).length);
            Poll.until(Duration.ofSeconds(10), "the served bytes' block to count as passed",
                    () -> agent.metrics().counter(passed).getCount() >= 1);
            assertTrue(agent.metrics().counter("host.source.gated.raw-bytes").getCount() >= 2500,
                    "a whole FIPS block was read and tested first");
        }
    }
}
