package org.entropyfleet.link.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import com.codahale.metrics.MetricRegistry;
import org.entropyfleet.link.config.TlsConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An older CRL (lower cRLNumber) put in place of a newer one must not un-revoke anybody: not on a
 * reload, and not after a restart when the history is kept on disk. Expired CRLs are reported, and
 * refused with {@code crl-expired: refuse}.
 */
class CrlRollbackTest extends LoopbackServerTest {
    private TestPki pki;
    private Path[] host;
    private Path[] revoked;
    private Path olderCrl;

    @BeforeEach
    void setUp() throws Exception {
        pki = TestPki.create(dir.resolve("pki"), "CA rollback");
        host = pki.issueHost("rng1.test", "127.0.0.1");
        revoked = pki.issueClient("client-revoked");
        pki.writeCrl();
        olderCrl = Files.copy(pki.crl(), dir.resolve("older-crl.pem"));
        pki.revoke(revoked[0]);
        pki.writeCrl();
    }

    private TlsConfig config() {
        return TlsConfig.of(host[0], host[1], pki.caBundle()).withCrl(pki.crl()).withReloadInterval(Duration.ZERO);
    }

    private boolean accepted(ServerTlsContext server, int port, Path[] client) throws Exception {
        try (ClientTlsContext c = ClientTlsContext.open(TlsConfig.of(client[0], client[1], pki.caBundle()),
                new MetricRegistry())) {
            return net.attempt(c, "127.0.0.1", port).accepted();
        }
    }

    private int start(ServerTlsContext tls) throws InterruptedException {
        return LoopbackTls.port(net.echoServer(tls));
    }

    @Test
    void olderCrlOnReloadIsRefusedAndTheRevokedClientStaysRefused() throws Exception {
        ServerTlsContext server = ServerTlsContext.open(config(), metrics, SslProviders.preferred());
        int port = start(server);
        assertFalse(accepted(server, port, revoked), "revoked before the rollback");

        Files.copy(olderCrl, pki.crl(), StandardCopyOption.REPLACE_EXISTING);
        server.reload();

        assertEquals(1, metrics.counter("tls.crl.rollbacks-refused").getCount());
        assertFalse(accepted(server, port, revoked), "still revoked after the older CRL was put back");
        assertTrue(accepted(server, port, pki.issueClient("client-good")), "others are still served");
        server.close();
    }

    @Test
    void rollbackWhileTheAgentWasDownIsRefusedFromTheStateDirectory() throws Exception {
        Path state = dir.resolve("state/crl");
        ServerTlsContext first = ServerTlsContext.open(config(), metrics, SslProviders.preferred(),
                CrlHistory.persistent(state));
        first.close();
        try (var files = Files.list(state)) {
            assertEquals(1, files.filter(f -> f.toString().endsWith(".crl")).count(), "newest CRL kept on disk");
        }

        Files.copy(olderCrl, pki.crl(), StandardCopyOption.REPLACE_EXISTING);
        MetricRegistry after = new MetricRegistry();
        ServerTlsContext restarted = ServerTlsContext.open(config(), after, SslProviders.preferred(),
                CrlHistory.persistent(state));
        int port = start(restarted);
        assertEquals(1, after.counter("tls.crl.rollbacks-refused").getCount());
        assertFalse(accepted(restarted, port, revoked), "revoked after a restart with the older CRL in place");
        restarted.close();
    }

    @Test
    void newerCrlIsAcceptedAndRemembered() throws Exception {
        CrlHistory history = CrlHistory.inMemory();
        ServerTlsContext server = ServerTlsContext.open(config(), metrics, SslProviders.preferred(), history);
        BigInteger before = CrlHistory.number(PemFiles.crls(pki.crl()).get(0));
        pki.writeCrl();
        BigInteger after = CrlHistory.number(PemFiles.crls(pki.crl()).get(0));
        assertTrue(after.compareTo(before) > 0, "test CA numbers its CRLs upwards");
        server.reload();
        assertEquals(0, metrics.counter("tls.crl.rollbacks-refused").getCount());
        assertEquals(0, metrics.getGauges().get(ServerTlsContext.CRL_EXPIRED_GAUGE).getValue());
        server.close();
    }

    @Test
    void expiredCrlIsReportedAndRefusedOnlyWhenConfigured() throws Exception {
        Path[] good = pki.issueClient("client-good");
        pki.writeCrl(Instant.now().minusSeconds(30));

        ServerTlsContext warn = ServerTlsContext.open(config(), metrics, SslProviders.preferred());
        int warnPort = start(warn);
        assertEquals(1, metrics.getGauges().get(ServerTlsContext.CRL_EXPIRED_GAUGE).getValue());
        assertEquals(1, warn.expiredCrls().size());
        assertTrue(warn.expiredCrls().get(0).contains("CA rollback"), warn.expiredCrls().toString());
        assertTrue(accepted(warn, warnPort, good), "warn: still served");
        warn.close();

        MetricRegistry refuseMetrics = new MetricRegistry();
        ServerTlsContext refuse = ServerTlsContext.open(config().withCrlExpired("refuse"), refuseMetrics,
                SslProviders.preferred());
        int refusePort = start(refuse);
        assertFalse(accepted(refuse, refusePort, good), "refuse: fail closed while the CRL is out of date");
        assertEquals(1, refuseMetrics.counter("tls.handshakes.failed.crl-expired").getCount());
        refuse.close();
    }

    @Test
    void crlNumberIsParsedFromTheExtension() throws Exception {
        assertTrue(CrlHistory.number(PemFiles.crls(pki.crl()).get(0)).signum() > 0);
        assertEquals(List.of(), ServerTlsContext.open(config(), metrics, SslProviders.preferred()).expiredCrls());
    }
}
