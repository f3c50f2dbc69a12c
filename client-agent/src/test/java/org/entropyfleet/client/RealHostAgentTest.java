package org.entropyfleet.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.entropyfleet.client.config.ClientAgentConfig;
import org.entropyfleet.client.kernel.KernelMetrics;
import org.entropyfleet.client.kernel.KernelMode;
import org.entropyfleet.client.testsupport.AgentConfigs;
import org.entropyfleet.client.testsupport.EgdClientScript;
import org.entropyfleet.client.testsupport.LocalEgdReader;
import org.entropyfleet.host.HostAgent;
import org.entropyfleet.host.config.HostAgentConfig;
import org.entropyfleet.link.config.ConfigLoader;
import org.entropyfleet.link.tls.TestPki;
import org.entropyfleet.link.testsupport.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client-agent against two real host-agents (in-process, real mTLS on loopback), feeding this
 * machine's real kernel; the local endpoint is checked with Python and Debian's ekeyd-egd-linux.
 */
class RealHostAgentTest {
    @TempDir
    Path dir;

    private HostAgent startHost(TestPki pki, String name, int port) throws Exception {
        Path[] crtKey = pki.issueHost(name, "127.0.0.1");
        Path file = dir.resolve(name + "-" + System.nanoTime() + ".yaml");
        Files.writeString(file, "listen: \"127.0.0.1:" + port + "\"\n"
                + "tls: {cert: " + crtKey[0] + ", key: " + crtKey[1] + ", ca: " + pki.caBundle() + ", allow: [\"vm-*\"]}\n"
                + "sources: [{type: device, path: /dev/urandom, min-entropy: 8}]\n"
                + "metrics: {listen: \"127.0.0.1:0\"}\n");
        return HostAgent.start(ConfigLoader.load(file, HostAgentConfig.class), new MetricRegistry());
    }

    @Test
    void agentFeedsTheKernelFromRealHostsAndLocalClientsRideThroughFailover() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        HostAgent a = startHost(pki, "rng-a", 0);
        int portA = a.port();
        HostAgent b = startHost(pki, "rng-b", 0);
        Path cfg = AgentConfigs.write(dir, pki, """
                kernel: {mode: auto, top-up-interval: 200ms, top-up-bytes: 64}
                local-egd: {listen: "127.0.0.1:0"}
                metrics: {listen: "127.0.0.1:0"}
                request-timeout: 1s
                failback-after: 500ms
                """, portA, b.port());
        LocalEgdReader reader = new LocalEgdReader();
        Process ekeyd = null;
        try (ClientAgent agent = ClientAgent.start(ClientAgentConfig.load(cfg))) {
            MetricRegistry m = agent.metrics();
            assertEquals(KernelMode.MODERN, agent.kernelMode());
            Poll.until(Duration.ofSeconds(20), "credited to the kernel via RNDADDENTROPY",
                    () -> m.counter(KernelMetrics.BITS_CREDITED).getCount() >= 1024);
            assertEquals(0, m.counter(KernelMetrics.UNCREDITED_FALLBACK).getCount());
            assertEquals(0, m.counter(KernelMetrics.ERRORS).getCount());
            assertTrue(m.counter("upstream.bytes-received.127.0.0.1:" + portA).getCount() >= 128);
            int localPort = ((InetSocketAddress) agent.localEgdAddress()).getPort();

            Process py = EgdClientScript.start("127.0.0.1", String.valueOf(localPort));
            assertTrue(py.waitFor(60, TimeUnit.SECONDS));
            String pyOut = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, py.exitValue(), pyOut);
            assertEquals(7, pyOut.lines().filter(l -> l.startsWith("ok ")).count(), pyOut);

            Poll.until(Duration.ofSeconds(5), "python client gone", () -> localClients(m) == 0);
            ekeyd = new ProcessBuilder("/usr/sbin/ekeyd-egd-linux", "-H", "127.0.0.1", "-p", String.valueOf(localPort))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("ekeyd.log").toFile()).start();
            Poll.until(Duration.ofSeconds(10), "ekeyd-egd-linux connected", () -> localClients(m) == 1);

            reader.start(localPort, 32);
            Poll.until(Duration.ofSeconds(10), "local reads flowing", () -> reader.reads() > 10);

            a.close();
            Poll.until(Duration.ofSeconds(5), "failover to host B",
                    () -> agent.connector().activeHost() != null && agent.connector().activeHost().port() == b.port());
            long atFailover = reader.reads();
            Poll.until(Duration.ofSeconds(10), "reads continue on host B", () -> reader.reads() > atFailover + 10);

            a = startHost(pki, "rng-a", portA);
            Poll.until(Duration.ofSeconds(15), "failback to host A",
                    () -> agent.connector().activeHost() != null && agent.connector().activeHost().port() == portA);
            long atFailback = reader.reads();
            Poll.until(Duration.ofSeconds(10), "reads continue on host A", () -> reader.reads() > atFailback + 10);
            reader.stopAndJoin();
            assertNull(reader.error(), "local reader saw an error: " + reader.error());

            Process e = ekeyd;
            assertTrue(e.isAlive(), "ekeyd-egd-linux still running");
            Poll.until(Duration.ofSeconds(5), "only ekeyd-egd-linux left connected after the reader closed",
                    () -> localClients(m) == 1);
            assertTrue(e.isAlive(), "ekeyd-egd-linux stayed connected through failover and failback");
        } finally {
            reader.close();
            if (ekeyd != null) {
                ekeyd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            a.close();
            b.close();
        }
    }

    private static int localClients(MetricRegistry m) {
        Object v = m.getGauges().get(ClientAgent.LOCAL_METRICS.clientsGauge()).getValue();
        return v instanceof Integer i ? i : -1;
    }
}
