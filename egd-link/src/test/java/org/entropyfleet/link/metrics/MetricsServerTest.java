package org.entropyfleet.link.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.link.config.MetricsConfig;
import org.entropyfleet.link.transport.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real HTTP requests from the JDK client to the server on loopback. */
class MetricsServerTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Small limits, so the tests can fill the budget and outlast the deadline quickly. */
    private static final int MAX_CONNECTIONS = 8;
    private static final Duration DEADLINE = Duration.ofMillis(500);

    private final AtomicReference<Health> health = new AtomicReference<>(Health.OK);
    private final MetricRegistry registry = PrometheusExpositionTest.sample();
    private final List<Socket> sockets = new ArrayList<>();
    private EventLoopGroup group;
    private MetricsServer server;

    @BeforeEach
    void start() throws Exception {
        group = Transport.newGroup(1, "metrics-test");
        server = MetricsServer.start(new MetricsConfig(Endpoint.tcp("127.0.0.1", 0), MAX_CONNECTIONS, DEADLINE),
                registry, health::get, group);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        server.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private Socket connect() throws IOException {
        return connect(new Socket());
    }

    private Socket connect(Socket s) throws IOException {
        sockets.add(s);
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        return s;
    }

    private long closed(String reason) {
        return registry.counter("metrics-server.connections.closed." + reason).getCount();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(20);
        }
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
        assertEquals(PrometheusExposition.CONTENT_TYPE, r.headers().firstValue("content-type").orElse(""));
        PrometheusExpositionTest.validate(r.body());
        assertTrue(r.body().contains("pool_bytes_in_total 42.0\n"), r.body());
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
    void healthzAnswersOkDegradedAndDownWithTheirReasons() throws Exception {
        HttpResponse<String> ok = get("/healthz");
        assertEquals(200, ok.statusCode());
        assertEquals("ok\n", ok.body());
        health.set(Health.degraded("source b quarantined", "CRL expired"));
        HttpResponse<String> degraded = get("/healthz");
        assertEquals(200, degraded.statusCode());
        assertEquals("degraded: source b quarantined; CRL expired\n", degraded.body());
        health.set(Health.down("no source serving"));
        HttpResponse<String> down = get("/healthz");
        assertEquals(503, down.statusCode());
        assertEquals("down: no source serving\n", down.body());
        health.set(null);
        assertEquals(503, get("/healthz").statusCode());
    }

    @Test
    void idleConnectionsPastTheBudgetShedTheOldestAndHealthzStillAnswers() throws Exception {
        for (int i = 0; i < 3 * MAX_CONNECTIONS; i++) {
            connect();
        }
        await("the oldest idle connections shed", () -> closed("shed") >= 2 * MAX_CONNECTIONS);
        long t0 = System.nanoTime();
        assertEquals(200, get("/healthz").statusCode());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "healthz within 1 s");
        assertTrue(registry.getGauges().get("metrics-server.connections.open").getValue() instanceof Integer n
                && n <= MAX_CONNECTIONS, "open connections stay within the budget");
    }

    @Test
    void aHeaderDribbledByteByByteIsClosedAtTheDeadline() throws Exception {
        Socket s = connect();
        OutputStream out = s.getOutputStream();
        byte[] head = "GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII);
        long t0 = System.nanoTime();
        s.setSoTimeout(100);
        int sent = 0;
        boolean closed = false;
        while (!closed && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5)) {
            try {
                out.write(head[sent++ % head.length]);   // never the blank line that ends the head
                closed = s.getInputStream().read() < 0;
            } catch (java.net.SocketTimeoutException e) {
                // still open: dribble on
            } catch (IOException e) {
                closed = true;
            }
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(closed, "closed by the server");
        assertTrue(ms >= DEADLINE.toMillis() - 50 && ms < DEADLINE.toMillis() + 1500, "closed after " + ms + " ms");
        assertEquals(1, closed("request-deadline"));
    }

    @Test
    void aPeerThatPipelinesWithoutReadingIsClosed() throws Exception {
        Socket unread = new Socket();
        unread.setReceiveBufferSize(4096);   // small, so unread answers back up soon
        Socket s = connect(unread);
        byte[] many = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".repeat(5_000).getBytes(StandardCharsets.US_ASCII);
        Thread writer = new Thread(() -> {
            try {
                s.getOutputStream().write(many);
            } catch (IOException e) {
                // the server closed the connection mid-way: expected
            }
        });
        writer.setDaemon(true);
        writer.start();
        await("the pipelining peer closed", () -> closed("pipelined") == 1);
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
                () -> MetricsServer.start(new MetricsConfig(taken), new MetricRegistry(), () -> Health.OK, group));
        assertTrue(e.getMessage().contains(taken.toString()), e.getMessage());
    }
}
