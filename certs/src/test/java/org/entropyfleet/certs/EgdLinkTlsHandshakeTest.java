package org.entropyfleet.certs;

import com.codahale.metrics.MetricRegistry;
import io.netty.handler.ssl.SslProvider;
import org.entropyfleet.link.config.TlsConfig;
import org.entropyfleet.link.tls.ClientTlsContext;
import org.entropyfleet.link.tls.LoopbackTls;
import org.entropyfleet.link.tls.PeerIdentity;
import org.entropyfleet.link.tls.ServerTlsContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Certificates from this tool, used exactly as the agents use them (tls.cert/key = issued/NAME.*,
 * tls.ca = ca-bundle.pem, tls.crl = ca.crl), complete an mTLS handshake through egd-link's
 * ServerTlsContext / ClientTlsContext, with both TLS engines.
 */
class EgdLinkTlsHandshakeTest {
    private static final String HOST = "rng1.example.net";

    @TempDir
    Path tmp;
    Path pki;
    Cli cli;

    @BeforeEach
    void issue() {
        pki = tmp.resolve("pki");
        cli = new Cli(pki);
        cli.run("init-ca").ok();
        cli.run("issue", "host", HOST, "--san", "127.0.0.1").ok();
        cli.run("issue", "client", "client-vm1").ok();
        cli.run("issue", "client", "client-gone").ok();
        cli.run("issue", "host", "tier1.example.net", "--also-client").ok();
        cli.run("revoke", "client-gone").ok();
    }

    private TlsConfig agent(String name) {
        return TlsConfig.of(pki.resolve("issued/" + name + ".crt"), pki.resolve("issued/" + name + ".key"),
                pki.resolve("ca-bundle.pem")).withCrl(pki.resolve("ca.crl"));
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void hostAndClientCertificatesHandshake(SslProvider provider) throws Exception {
        try (LoopbackTls net = new LoopbackTls();
             ServerTlsContext server = ServerTlsContext.open(agent(HOST).withAllow(List.of("client-*", "tier1.*")),
                     new MetricRegistry(), provider);
             ClientTlsContext vm1 = ClientTlsContext.open(agent("client-vm1"), new MetricRegistry(), provider);
             ClientTlsContext tier1 = ClientTlsContext.open(agent("tier1.example.net"), new MetricRegistry(), provider);
             ClientTlsContext gone = ClientTlsContext.open(agent("client-gone"), new MetricRegistry(), provider)) {
            int port = LoopbackTls.port(net.echoServer(server));

            LoopbackTls.Client c = net.attempt(vm1, HOST, port);
            assertTrue(c.accepted(), c.greeting());
            assertEquals("hello client-vm1", c.greeting());
            PeerIdentity serverId = c.authenticated.get(10, TimeUnit.SECONDS);
            assertEquals(HOST, serverId.commonName());
            assertEquals(List.of(HOST), serverId.dnsNames());

            // by IP: the host certificate's IP SAN is what the client checks
            assertTrue(net.attempt(vm1, "127.0.0.1", port).accepted());
            // a host certificate with --also-client works as a client (tiered host-agents)
            assertEquals("hello tier1.example.net", net.attempt(tier1, HOST, port).greeting());
            // revoked in ca.crl: refused
            assertFalse(net.attempt(gone, HOST, port).accepted());
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void certificateOfAnotherCaIsRefused(SslProvider provider) throws Exception {
        Cli other = new Cli(tmp.resolve("other"));
        other.run("init-ca", "--cn", "other CA").ok();
        other.run("issue", "client", "client-vm1").ok();
        TlsConfig stranger = TlsConfig.of(tmp.resolve("other/issued/client-vm1.crt"),
                tmp.resolve("other/issued/client-vm1.key"), pki.resolve("ca-bundle.pem"));
        try (LoopbackTls net = new LoopbackTls();
             ServerTlsContext server = ServerTlsContext.open(agent(HOST), new MetricRegistry(), provider);
             ClientTlsContext foreign = ClientTlsContext.open(stranger, new MetricRegistry(), provider);
             ClientTlsContext vm1 = ClientTlsContext.open(agent("client-vm1"), new MetricRegistry(), provider)) {
            int port = LoopbackTls.port(net.echoServer(server));
            assertFalse(net.attempt(foreign, HOST, port).accepted());
            assertTrue(net.attempt(vm1, HOST, port).accepted(), "control: our own client still gets in");
            // the client refuses a server name the host certificate does not carry
            assertFalse(net.attempt(vm1, "localhost", port).accepted());
        }
    }
}
