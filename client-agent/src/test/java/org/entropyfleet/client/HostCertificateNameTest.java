package org.entropyfleet.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.entropyfleet.client.config.ClientAgentConfig;
import org.entropyfleet.link.testsupport.Poll;
import org.entropyfleet.host.HostAgent;
import org.entropyfleet.host.config.HostAgentConfig;
import org.entropyfleet.link.config.ConfigLoader;
import org.entropyfleet.link.tls.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host entry {@code {address, name}} connects to the address and verifies the host's certificate
 * against the name (real host-agent, real mTLS on loopback). The host's certificate carries only the DNS
 * name {@code rng-a.example.net}, not 127.0.0.1, as a host exported through PuppetDB with its IP would.
 */
class HostCertificateNameTest {
    @TempDir
    Path dir;
    private TestPki pki;
    private HostAgent host;

    @BeforeEach
    void startHost() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        Path[] crtKey = pki.issueHost("rng-a.example.net");
        Path file = dir.resolve("host.yaml");
        Files.writeString(file, "listen: \"127.0.0.1:0\"\n"
                + "tls: {cert: " + crtKey[0] + ", key: " + crtKey[1] + ", ca: " + pki.caBundle() + ", allow: [\"vm-*\"]}\n"
                + "sources: [{type: device, path: /dev/urandom, min-entropy: 8}]\n"
                + "metrics: {listen: \"127.0.0.1:0\"}\n");
        host = HostAgent.start(ConfigLoader.load(file, HostAgentConfig.class), new MetricRegistry());
    }

    @AfterEach
    void stopHost() {
        host.close();
    }

    private ClientAgent startClient(String hostEntry) throws Exception {
        Path[] crtKey = pki.issueClient("vm-1");
        Path file = dir.resolve("client.yaml");
        Files.writeString(file, "hosts: [" + hostEntry + "]\n"
                + "tls: {cert: " + crtKey[0] + ", key: " + crtKey[1] + ", ca: " + pki.caBundle() + "}\n"
                + "kernel: {mode: off}\n"
                + "metrics: {listen: \"127.0.0.1:0\"}\n");
        return ClientAgent.start(ClientAgentConfig.load(file));
    }

    @Test
    void theCertificateIsVerifiedAgainstTheNameNotTheAddress() throws Exception {
        try (ClientAgent agent = startClient("{address: \"127.0.0.1:" + host.port() + "\", name: rng-a.example.net}")) {
            byte[] bytes = agent.connector().fetch(32).get(5, TimeUnit.SECONDS);
            assertEquals(32, bytes.length);
            assertEquals("rng-a.example.net@127.0.0.1:" + host.port(), String.valueOf(agent.connector().activeHost()));
            assertEquals(0, agent.metrics().counter("upstream.refusals").getCount());
        }
    }

    @Test
    void aCertificateWithoutTheNameIsRefusedAndTheRefusalSaysWhichName() throws Exception {
        try (ClientAgent agent = startClient("{address: \"127.0.0.1:" + host.port() + "\", name: rng-b.example.net}")) {
            Poll.until(Duration.ofSeconds(30), "the refusal", () -> agent.metrics().counter("upstream.refusals").getCount() == 1);
            String why = agent.connector().describeHosts();
            assertTrue(why.startsWith("rng-b.example.net@127.0.0.1:" + host.port()
                    + " (we refuse the host's certificate: "), why);
            assertTrue(why.contains("No subject alternative DNS name matching rng-b.example.net"), why);
            assertEquals(null, agent.connector().activeHost());
        }
    }

    @Test
    void withoutANameTheAddressItselfMustBeInTheCertificate() throws Exception {
        try (ClientAgent agent = startClient("\"127.0.0.1:" + host.port() + "\"")) {
            Poll.until(Duration.ofSeconds(30), "the refusal", () -> agent.metrics().counter("upstream.refusals").getCount() == 1);
            String why = agent.connector().describeHosts();
            assertTrue(why.contains("we refuse the host's certificate: ") && why.contains("127.0.0.1"), why);
        }
    }
}
