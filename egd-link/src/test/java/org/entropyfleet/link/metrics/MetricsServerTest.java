package org.entropyfleet.link.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.link.transport.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real HTTP requests from the JDK client to the server on loopback. */
class MetricsServerTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private EventLoopGroup group;
    private MetricsServer server;

    @BeforeEach
    void start() throws Exception {
        group = Transport.newGroup(1, "metrics-test");
        server = MetricsServer.start(Endpoint.tcp("127.0.0.1", 0), PrometheusFormatTest.sample(), healthy::get, group);
    }

    @AfterEach
    void stop() {
        server.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesPrometheusText() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertEquals(200, r.statusCode());
        assertEquals(PrometheusFormat.CONTENT_TYPE, r.headers().firstValue("content-type").orElse(""));
        PrometheusFormatTest.validate(r.body());
        assertTrue(r.body().contains("pool_bytes_in 42\n"), r.body());
        // Keep-alive: a second scrape on the same client works too.
        assertEquals(200, get("/metrics?x=1").statusCode());
    }

    @Test
    void servesJson() throws Exception {
        HttpResponse<String> r = get("/metrics.json");
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
        JsonNode json = new ObjectMapper().readTree(r.body());
        assertEquals(42, json.at("/counters/pool.bytes-in/count").asLong());
        assertEquals(7, json.at("/gauges/pool.level/value").asInt());
        assertEquals("1.0", json.at("/gauges/build.version/value").asText());
        assertTrue(json.at("/gauges/broken/error").asText().contains("gone"));
        assertEquals(3, json.at("/meters/egd.requests/count").asLong());
        assertEquals(64.0, json.at("/histograms/egd.request-size/max").asDouble());
        assertEquals(0.002, json.at("/timers/egd.latency/max").asDouble(), 1e-9);
    }

    @Test
    void healthzFollowsTheSupplier() throws Exception {
        HttpResponse<String> ok = get("/healthz");
        assertEquals(200, ok.statusCode());
        assertEquals("ok\n", ok.body());
        healthy.set(false);
        HttpResponse<String> bad = get("/healthz");
        assertEquals(503, bad.statusCode());
        assertEquals("unhealthy\n", bad.body());
    }

    @Test
    void unknownPathsAndMethodsAreRefused() throws Exception {
        assertEquals(404, get("/").statusCode());
        assertEquals(404, get("/metricsx").statusCode());
        HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")));
        assertEquals(405, post.statusCode());
    }

    @Test
    void closeStopsListening() throws Exception {
        int port = server.port();
        server.close();
        HttpClient fresh = HttpClient.newHttpClient();
        IOException e = assertThrows(IOException.class, () -> fresh.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertTrue(e instanceof ConnectException || e.getCause() instanceof ConnectException, e.toString());
    }

    @Test
    void bindFailureNamesTheEndpoint() {
        Endpoint taken = Endpoint.tcp("127.0.0.1", server.port());
        IOException e = assertThrows(IOException.class,
                () -> MetricsServer.start(taken, new MetricRegistry(), () -> true, group));
        assertTrue(e.getMessage().contains(taken.toString()), e.getMessage());
    }
}
