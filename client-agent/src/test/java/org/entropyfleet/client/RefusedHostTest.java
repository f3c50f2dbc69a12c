package org.entropyfleet.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.entropyfleet.client.config.ClientAgentConfig;
import org.entropyfleet.host.HostAgent;
import org.entropyfleet.host.config.HostAgentConfig;
import org.entropyfleet.link.config.ConfigLoader;
import org.entropyfleet.link.tls.TestPki;
import org.entropyfleet.link.testsupport.Poll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client-agent that a real host-agent refuses (in-process, real mTLS on loopback; the host uses
 * BoringSSL): it names the cause, waits out a growing backoff instead of reconnecting at once, starts
 * over when its own certificate files are replaced, and a host restart never counts as a refusal.
 */
class RefusedHostTest {
    @TempDir
    Path dir;
    private TestPki pki;
    private final MetricRegistry hostMetrics = new MetricRegistry();

    @BeforeEach
    void setUp() {
        pki = TestPki.create(dir.resolve("pki"));
    }

    private HostAgent startHost(int port) throws Exception {
        Path[] crtKey = pki.issueHost("rng-a", "127.0.0.1");
        Path file = dir.resolve("host-" + System.nanoTime() + ".yaml");
        Files.writeString(file, "listen: \"127.0.0.1:" + port + "\"\n"
                + "tls: {cert: " + crtKey[0] + ", key: " + crtKey[1] + ", ca: " + pki.caBundle() + ", crl: "
                + pki.writeCrl() + ", allow: [\"vm-*\"]}\n"
                + "sources: [{type: device, path: /dev/urandom, min-entropy: 8}]\n"
                + "metrics: {listen: \"127.0.0.1:0\"}\n");
        return HostAgent.start(ConfigLoader.load(file, HostAgentConfig.class), hostMetrics);
    }

    /** A client whose certificate files are dir/client.crt and dir/client.key (replaceable), reloaded every 100 ms. */
    private ClientAgent startClient(Path[] certAndKey, int hostPort, String provider) throws Exception {
        return startClient(certAndKey, hostPort, provider, pki.caBundle(), "");
    }

    private ClientAgent startClient(Path[] certAndKey, int hostPort, String provider, Path ca, String tlsExtra)
            throws Exception {
        install(certAndKey);
        Path file = dir.resolve("client.yaml");
        Files.writeString(file, "hosts: [\"127.0.0.1:" + hostPort + "\"]\n"
                + "tls: {cert: " + dir.resolve("client.crt") + ", key: " + dir.resolve("client.key") + ", ca: "
                + ca + ", reload-interval: 100ms" + tlsExtra + "}\n"
                + "kernel: {mode: off}\n"
                + "metrics: {listen: \"127.0.0.1:0\"}\n"
                + "tls-provider: " + provider + "\n");
        return ClientAgent.start(ClientAgentConfig.load(file));
    }

    /** Key first, then certificate, each by atomic rename, as an operator's deploy tool would. */
    private void install(Path[] certAndKey) throws Exception {
        Path tmpKey = Files.copy(certAndKey[1], dir.resolve("client.key.tmp"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmpKey, dir.resolve("client.key"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Path tmpCrt = Files.copy(certAndKey[0], dir.resolve("client.crt.tmp"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmpCrt, dir.resolve("client.crt"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static long refusals(ClientAgent agent) {
        return agent.metrics().counter("upstream.refusals").getCount();
    }

    private long hostRefused(String reason) {
        return hostMetrics.counter("tls.handshakes.failed." + reason).getCount();
    }

    @Test
    void refusedClientBacksOffAndRetriesAtOnceWhenItsCertificateIsReplaced() throws Exception {
        try (HostAgent host = startHost(0);
                ClientAgent agent = startClient(pki.issueClient("intruder"), host.port(), "jdk")) {
            Poll.until(Duration.ofSeconds(5), "the first refusal", () -> refusals(agent) == 1);
            long first = System.nanoTime();
            Poll.until(Duration.ofSeconds(8), "the second refusal", () -> refusals(agent) == 2);
            long gapMillis = (System.nanoTime() - first) / 1_000_000;
            // the first backoff step waits 2.5-5 s; a hot loop retried within a handshake time
            assertTrue(gapMillis >= 2_000, "second attempt only " + gapMillis + " ms after the first");
            assertEquals(2, hostRefused("not-allowed"), "the host saw exactly the client's two attempts");
            assertTrue(agent.connector().describeHosts().contains("host refused our certificate: not allowed (access denied)"),
                    agent.connector().describeHosts());

            // Now 5-10 s until the next attempt, unless the reload of our files resets the backoff.
            long replaced = System.nanoTime();
            install(pki.issueClient("vm-7"));
            Poll.until(Duration.ofSeconds(4), "connected right after the certificate files were replaced",
                    () -> agent.connector().activeHost() != null);
            assertTrue(System.nanoTime() - replaced < Duration.ofMillis(4_500).toNanos());
            assertEquals(2, refusals(agent));
        }
    }

    @ParameterizedTest(name = "client engine {0}")
    @ValueSource(strings = {"jdk", "openssl"})
    void expiredClientNamesTheCauseInWords(String provider) throws Exception {
        try (HostAgent host = startHost(0);
                ClientAgent agent = startClient(pki.issueExpiredClient("vm-old"), host.port(), provider)) {
            Poll.until(Duration.ofSeconds(5), "the refusal", () -> refusals(agent) == 1);
            assertTrue(agent.connector().describeHosts().contains("host refused our certificate: expired"),
                    agent.connector().describeHosts());
            assertEquals(1, hostRefused("expired"));
        }
    }

    @Test
    void revokedClientNamesTheCauseInWords() throws Exception {
        Path[] stolen = pki.issueClient("vm-stolen");
        pki.revoke(stolen[0]);
        try (HostAgent host = startHost(0); ClientAgent agent = startClient(stolen, host.port(), "jdk")) {
            Poll.until(Duration.ofSeconds(5), "the refusal", () -> refusals(agent) == 1);
            assertTrue(agent.connector().describeHosts().contains("host refused our certificate: revoked"),
                    agent.connector().describeHosts());
        }
    }

    @Test
    void aHostWeDoNotTrustIsARefusalToo() throws Exception {
        // a stale CA bundle on the client: the fleet's hosts moved to a CA it does not know
        TestPki other = TestPki.create(dir.resolve("other"), "other CA");
        try (HostAgent host = startHost(0);
                ClientAgent agent = startClient(pki.issueClient("vm-2"), host.port(), "jdk", other.caBundle(), "")) {
            Poll.until(Duration.ofSeconds(5), "the refusal", () -> refusals(agent) == 1);
            assertTrue(agent.connector().describeHosts().contains("we refuse the host's certificate: unknown CA"),
                    agent.connector().describeHosts());
        }
    }

    @Test
    void aHostOutsideOurAllowlistIsARefusal() throws Exception {
        try (HostAgent host = startHost(0);
                ClientAgent agent = startClient(pki.issueClient("vm-3"), host.port(), "jdk", pki.caBundle(),
                        ", allow: [\"rng-b\"]")) {
            Poll.until(Duration.ofSeconds(5), "the refusal", () -> refusals(agent) == 1);
            assertTrue(agent.connector().describeHosts().contains("we refuse the host's certificate: not allowed"),
                    agent.connector().describeHosts());
        }
    }

    @Test
    void hostRestartIsNotARefusal() throws Exception {
        HostAgent host = startHost(0);
        int port = host.port();
        try (ClientAgent agent = startClient(pki.issueClient("vm-1"), port, "jdk")) {
            Poll.until(Duration.ofSeconds(5), "connected", () -> agent.connector().activeHost() != null);
            host.close();
            Poll.until(Duration.ofSeconds(5), "the client to notice", () -> agent.connector().activeHost() == null);
            host = startHost(port);
            // the short transport backoff (at most UpstreamSettings.BACKOFF_MAX), never the refusal schedule
            Poll.until(Duration.ofSeconds(10), "reconnected after the restart", () -> agent.connector().activeHost() != null);
            assertEquals(0, refusals(agent), agent.connector().describeHosts());
        } finally {
            host.close();
        }
    }
}
