package org.entropyfleet.host.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.entropyfleet.host.HostAgent;
import org.entropyfleet.host.source.StreamSource;
import org.entropyfleet.host.testutil.AgentFixture;
import org.entropyfleet.host.testutil.EgdSocketClient;
import org.entropyfleet.link.testsupport.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics and /healthz of a running agent, over real HTTP. */
class MetricsEndpointTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthyAgentExportsPoolSourceClientAndTlsMetrics() throws Exception {
        AgentFixture fx = new AgentFixture(dir);
        try (HostAgent agent = fx.start("ok.yaml", fx.config(AgentFixture.urandomSource(), ""))) {
            Poll.until(WAIT, "agent healthy", agent::healthy);
            try (EgdSocketClient c = EgdSocketClient.tls(fx.clientFactory("client-a"), agent.port())) {
                c.readBlocking(128);
            }
            assertEquals(200, get(agent.metricsPort(), "/healthz").statusCode());
            String prom = get(agent.metricsPort(), "/metrics").body();
            for (String name : new String[] {"host_pool_level_bytes", "host_serve_connections",
                    "host_source_raw_bytes_total{source=\"urandom\"}", "host_source_health_state{source=\"urandom\"}",
                    "host_serve_read_latency_seconds", "host_serve_client_bytes_served_total{client=\"client-a\"}"}) {
                assertTrue(prom.contains(name), name + " missing from:\n" + prom);
            }
        }
    }

    @Test
    void agentWhoseOnlySourceIsStuckIsUnhealthy() throws Exception {
        AgentFixture fx = new AgentFixture(dir);
        try (HostAgent agent = fx.start("stuck.yaml", fx.config(AgentFixture.commandSource("zeros", "exec cat /dev/zero", 6), ""))) {
            Poll.until(WAIT, "source disabled", () -> agent.sources().get(0).state() == StreamSource.State.DISABLED);
            HttpResponse<String> health = get(agent.metricsPort(), "/healthz");
            assertEquals(503, health.statusCode());
            assertEquals("down: no source serving; source zeros disabled by its health tests\n", health.body());
            assertEquals(0, agent.pool().available(), "nothing from a stuck source reaches the pool");
            assertTrue(get(agent.metricsPort(), "/metrics").body().contains("host_source_health_failures_total{source=\"zeros\",test=\"rct\"}"));
        }
    }
}
