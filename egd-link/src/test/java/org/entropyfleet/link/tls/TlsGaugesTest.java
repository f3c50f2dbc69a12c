package org.entropyfleet.link.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.codahale.metrics.MetricRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.entropyfleet.link.config.TlsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The date gauges follow the material in use: the leaf's notAfter, the CRL's thisUpdate and nextUpdate. */
class TlsGaugesTest {
    @TempDir
    Path dir;

    @Test
    void datesOfTheCertificateAndCrlInUse() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        Path[] host = pki.issueHost("host.test", "127.0.0.1");
        MetricRegistry registry = new MetricRegistry();
        try (ServerTlsContext noCrl = ServerTlsContext.open(TlsConfig.of(host[0], host[1], pki.caBundle()), registry)) {
            noCrl.registerDateGauges(registry);
            assertEquals(pki.certificate(host[0]).getNotAfter().getTime() / 1000, gauge(registry, TlsGauges.CERT_NOT_AFTER));
            assertEquals(0L, gauge(registry, TlsGauges.CRL_THIS_UPDATE), "no CRL in use");
            assertEquals(0L, gauge(registry, TlsGauges.CRL_NEXT_UPDATE));
        }
        Instant next = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Path crl = pki.writeCrl(next);
        Path[] client = pki.issueClient("client-a");
        try (ClientTlsContext c = ClientTlsContext.open(TlsConfig.of(client[0], client[1], pki.caBundle()).withCrl(crl),
                registry)) {
            c.registerDateGauges(registry);
            assertEquals(pki.certificate(client[0]).getNotAfter().getTime() / 1000,
                    gauge(registry, TlsGauges.CERT_NOT_AFTER), "the last registered context is the one reported");
            assertEquals(next.getEpochSecond(), gauge(registry, TlsGauges.CRL_NEXT_UPDATE));
            long age = Instant.now().getEpochSecond() - gauge(registry, TlsGauges.CRL_THIS_UPDATE);
            assertEquals(true, age >= 120 && age < 180, "TestPki backdates thisUpdate by 2 min: " + age);
        }
    }

    private static long gauge(MetricRegistry r, String name) {
        return (Long) r.getGauges().get(name).getValue();
    }
}
