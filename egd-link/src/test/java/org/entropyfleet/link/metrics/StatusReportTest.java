package org.entropyfleet.link.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusReportTest {
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    void timesInWords() {
        StatusReport r = report(Map.of());
        assertEquals("now", r.relative(NOW));
        assertEquals("45 s ago", r.relative(NOW.minusSeconds(45)));
        assertEquals("in 5 min", r.relative(NOW.plus(Duration.ofMinutes(5))));
        assertEquals("3 h ago", r.relative(NOW.minus(Duration.ofHours(3))));
        assertEquals("in 30 days", r.relative(NOW.plus(Duration.ofDays(30))));
    }

    @Test
    void anExpiredCrlAndCertificateAreSaidPlainly() throws Exception {
        StatusReport r = report(Map.of("tls.cert.not-after-seconds", (double) NOW.minusSeconds(3600).getEpochSecond(),
                "tls.crl.this-update-seconds", (double) NOW.minus(Duration.ofDays(9)).getEpochSecond(),
                "tls.crl.next-update-seconds", (double) NOW.minus(Duration.ofDays(2)).getEpochSecond())).tls();
        StringWriter text = new StringWriter();
        r.print(new PrintWriter(text), false);
        assertEquals("certificate: expired 2026-12-05 09:00 UTC (60 min ago)\n"
                + "CRL: issued 9 days ago, OUT OF DATE since 2 days ago\n"
                + "health: degraded: CRL expired\n", text.toString());
        StringWriter json = new StringWriter();
        r.print(new PrintWriter(json), true);
        var doc = new ObjectMapper().readTree(json.toString());
        assertEquals(5, doc.get("exit-code").asInt());
        assertEquals(-3600, doc.get("tls").get("cert-expires-in-seconds").asLong());
    }

    @Test
    void unreachableReasonsAreWords() {
        assertTrue(StatusProbe.reason(new ConnectException()).startsWith("connection refused"));
        assertTrue(StatusProbe.reason(new HttpConnectTimeoutException("x")).startsWith("no connection within 5 s"));
        assertEquals("IllegalStateException", StatusProbe.reason(new IllegalStateException()));
    }

    @Test
    void flattensTheRegistryJsonWithTextGauges() throws Exception {
        MetricRegistry m = new MetricRegistry();
        m.counter("a.count").inc(3);
        m.gauge("b.text", () -> () -> "rng1:7776");
        m.gauge("c.num", () -> () -> 7);
        Map<String, Object> flat = StatusProbe.flatten(new ObjectMapper().readTree(MetricsJson.write(m)));
        assertEquals(Map.of("a.count", 3.0, "b.text", "rng1:7776", "c.num", 7.0), flat);
    }

    private static StatusReport report(Map<String, Object> values) {
        return new StatusReport("test-agent", new StatusProbe.Reading("http://127.0.0.1:1", values,
                Health.Level.DEGRADED, "degraded: CRL expired"), NOW);
    }
}
