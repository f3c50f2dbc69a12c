package org.entropyfleet.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.entropyfleet.client.config.ClientAgentConfig;
import org.entropyfleet.client.kernel.KernelMetrics;
import org.entropyfleet.client.kernel.KernelMode;
import org.entropyfleet.client.testsupport.AgentConfigs;
import org.entropyfleet.client.testsupport.EgdClientScript;
import org.entropyfleet.client.testsupport.LocalEgdReader;
import org.entropyfleet.client.testsupport.TestEgdHost;
import org.entropyfleet.link.tls.TestPki;
import org.entropyfleet.link.testsupport.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole agent: product TLS (ClientTlsContext), real mTLS hosts on loopback, the real kernel
 * (RNDADDENTROPY as root), the local EGD endpoint and the metrics endpoint.
 */
class ClientAgentTest {
    @TempDir
    Path dir;

    @Test
    void feedsTheKernelServesLocallyAndFailsOverAndBack() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        TestEgdHost a = TestEgdHost.start(pki, "rng-a", 0);
        int portA = a.port();
        TestEgdHost b = TestEgdHost.start(pki, "rng-b", 0);
        Path file = AgentConfigs.write(dir, pki, """
                kernel: {mode: auto, top-up-interval: 200ms, top-up-bytes: 64, reseed: true}
                local-egd: {listen: "127.0.0.1:0", blocking-read-timeout: 30s}
                metrics: {listen: "127.0.0.1:0"}
                request-timeout: 1s
                failback-after: 500ms
                """, portA, b.port());
        LocalEgdReader reader = new LocalEgdReader();
        try (ClientAgent agent = ClientAgent.start(ClientAgentConfig.load(file))) {
            MetricRegistry m = agent.metrics();
            assertEquals(KernelMode.MODERN, agent.kernelMode(), "this 6.x kernel is modern");
            assertEquals(1, m.getGauges().get("kernel.mode").getValue());

            Poll.until(Duration.ofSeconds(20), "two top-ups credited to the kernel",
                    () -> m.counter(KernelMetrics.BITS_CREDITED).getCount() >= 2 * 64 * 8);
            assertEquals(0, m.counter(KernelMetrics.UNCREDITED_FALLBACK).getCount());
            assertEquals(0, m.counter(KernelMetrics.ERRORS).getCount());
            assertTrue(m.counter(KernelMetrics.RESEEDS).getCount() >= 1);
            assertTrue(m.counter("upstream.bytes-received.127.0.0.1:" + portA).getCount() >= 128);

            int localPort = ((InetSocketAddress) agent.localEgdAddress()).getPort();
            reader.start(localPort, 64);
            Poll.until(Duration.ofSeconds(10), "local reads flowing", () -> reader.reads() > 10);

            a.close();
            long t0 = System.nanoTime();
            Poll.until(Duration.ofSeconds(5), "failover to the second host",
                    () -> agent.connector().activeHost() != null && agent.connector().activeHost().port() == b.port());
            long readsAtFailover = reader.reads();
            Poll.until(Duration.ofSeconds(10), "local reads continue after failover",
                    () -> reader.reads() > readsAtFailover + 10);
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(15).toNanos());
            assertEquals(1, m.counter("upstream.failovers").getCount());

            a = TestEgdHost.start(pki, "rng-a", portA);
            Poll.until(Duration.ofSeconds(15), "failback to the first host",
                    () -> agent.connector().activeHost() != null && agent.connector().activeHost().port() == portA);
            long readsAtFailback = reader.reads();
            Poll.until(Duration.ofSeconds(10), "local reads continue after failback",
                    () -> reader.reads() > readsAtFailback + 10);
            reader.stopAndJoin();
            assertNull(reader.error(), "local reader saw an error: " + reader.error());

            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + agent.metricsPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("kernel"), metrics.body());
        } finally {
            reader.close();
            a.close();
            b.close();
        }
    }

    @Test
    void localEndpointOnAUnixSocketServesAnEgdClient() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        Path sock = dir.resolve("egd.sock");
        try (TestEgdHost h = TestEgdHost.start(pki, "rng-a", 0)) {
            Path file = AgentConfigs.write(dir, pki, "kernel: {mode: off}\nlocal-egd: {listen: \"unix:" + sock
                    + "\"}\nmetrics: {listen: \"127.0.0.1:0\"}\n", h.port());
            try (ClientAgent agent = ClientAgent.start(ClientAgentConfig.load(file))) {
                assertEquals(KernelMode.OFF, agent.kernelMode());
                Process py = EgdClientScript.start("unix:" + sock);
                assertTrue(py.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
                String out = new String(py.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertEquals(0, py.exitValue(), out);
                assertEquals(7, out.lines().filter(l -> l.startsWith("ok ")).count(), out);
                assertEquals(0, agent.metrics().counter(KernelMetrics.BYTES_CREDITED).getCount(), "mode off: kernel untouched");
            }
        }
    }
}
