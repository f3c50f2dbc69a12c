package org.entropyfleet.host.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.entropyfleet.host.HostAgent;
import org.entropyfleet.host.testutil.AgentFixture;
import org.entropyfleet.host.testutil.EgdSocketClient;
import org.entropyfleet.host.testutil.Hwrng;
import org.entropyfleet.host.testutil.TinyEgdServer;
import org.entropyfleet.link.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each kind of source, end to end: source → health → conditioning → pool → mTLS EGD client. */
class SourcesServedEndToEndTest extends ServedAgentTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    HostAgent upstreamAgent;

    @AfterEach
    @Override
    void tearDown() {
        super.tearDown();
        if (upstreamAgent != null) {
            upstreamAgent.close();
        }
    }

    private void assertServes(HostAgent a, int bytes) throws Exception {
        Set<String> seen = new HashSet<>();
        try (EgdSocketClient c = EgdSocketClient.tls(fx.clientFactory("client-a"), a.port())) {
            for (int got = 0; got < bytes; got += 64) {
                byte[] b = c.readBlocking(64);
                assertTrue(seen.add(HexFormat.of().formatHex(b, 0, 32)));
                assertTrue(seen.add(HexFormat.of().formatHex(b, 32, 64)));
            }
        }
    }

    @Test
    void servesFromHwrng() throws Exception {
        Hwrng.require();
        agent = fx.start("hw.yaml", fx.config("  - {type: device, name: hwrng, path: /dev/hwrng, min-entropy: 6}\n", ""));
        assertServes(agent, 256);
        assertTrue(agent.metrics().counter("host.source.hwrng.raw-bytes").getCount() >= 2500);
    }

    @Test
    void servesFromASlowFifo() throws Exception {
        Path fifo = dir.resolve("dev.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            SecureRandom rnd = new SecureRandom();
            byte[] slice = new byte[256];
            try (OutputStream out = Files.newOutputStream(fifo)) {
                while (!stop.get()) {
                    rnd.nextBytes(slice);
                    out.write(slice);
                    out.flush();
                    Thread.sleep(1);   // pacing of the simulated device
                }
            } catch (Exception e) {
                // agent closed its end at shutdown
            }
        }, "fifo-writer");
        writer.setDaemon(true);
        writer.start();
        try {
            agent = fx.start("fifo.yaml", fx.config("  - {type: device, name: fifo, path: " + fifo
                    + ", min-entropy: 7, stall-timeout: 5s}\n", ""));
            assertServes(agent, 1024);
        } finally {
            stop.set(true);
        }
    }

    @Test
    void servesFromAnUpstreamPlainEgdServer() throws Exception {
        try (TinyEgdServer upstream = new TinyEgdServer()) {
            agent = fx.start("up.yaml", fx.config("  - {type: egd, name: ekeyd, endpoint: \"127.0.0.1:" + upstream.port()
                    + "\", min-entropy: 8}\n", ""));
            assertServes(agent, 2048);
            assertTrue(upstream.bytesServed.get() >= 2500);
        }
    }

    @Test
    void chainsTwoHostAgentsOverMtls() throws Exception {
        upstreamAgent = fx.start("first.yaml", fx.config(AgentFixture.urandomSource(), ""));
        // the downstream agent is a TLS client of the upstream one: it needs a clientAuth certificate
        Path[] relay = fx.client("client-relay");
        String upstreamTls = "    tls: {cert: " + relay[0] + ", key: " + relay[1] + ", ca: " + fx.pki.caBundle() + "}\n";
        agent = fx.start("second.yaml", fx.config("  - type: egd\n    name: upstream\n    endpoint: \"127.0.0.1:"
                + upstreamAgent.port() + "\"\n    min-entropy: 8\n" + upstreamTls, ""));
        assertServes(agent, 2048);
        Poll.until(WAIT, "the second agent pulled from the first as client-relay", () -> upstreamAgent.metrics().counter("host.serve.client.client-relay.bytes-served").getCount() > 2500);
    }
}
