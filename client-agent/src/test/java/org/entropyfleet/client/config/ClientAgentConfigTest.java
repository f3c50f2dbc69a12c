package org.entropyfleet.client.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.entropyfleet.client.kernel.KernelMode;
import org.entropyfleet.client.upstream.UpstreamHost;
import org.entropyfleet.link.config.ConfigException;
import org.entropyfleet.link.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientAgentConfigTest {
    private static final String TLS = "tls: {cert: /etc/ef/client.crt, key: /etc/ef/client.key, ca: /etc/ef/ca.pem}\n";

    private static ClientAgentConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "client.yaml", ClientAgentConfig.class);
    }

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void everyDocumentedKeyIsRead() throws Exception {
        ClientAgentConfig c = parse("""
                hosts: ["rng1.example.net:7776", "[::1]:7776", "10.0.0.2:7776"]
                tls: {cert: /etc/ef/client.crt, key: /etc/ef/client.key, ca: /etc/ef/ca.pem}
                kernel:
                  mode: watermark
                  top-up-interval: 30s
                  top-up-bytes: 128
                  reseed: true
                  low-watermark: 512
                  high-watermark: 4096
                  poll-interval: 500ms
                  proc-root: /tmp/proc
                  credit-bits-per-byte: 6
                local-egd: {listen: "127.0.0.1:7777", buffer-bytes: 2048, max-clients: 8, idle-timeout: 0,
                            blocking-read-timeout: 20s}
                metrics: {listen: "127.0.0.1:9999"}
                request-timeout: 2s
                failback-after: 1m
                refused-backoff-max: 30m
                """);
        assertEquals(new UpstreamHost("::1", 7776), c.upstreamHosts().get(1));
        KernelConfig k = c.kernel();
        assertEquals(KernelMode.WATERMARK, k.mode());
        assertEquals(Duration.ofSeconds(30), k.topUpInterval());
        assertEquals(128, k.topUpBytes());
        assertTrue(k.reseed());
        assertEquals(512, k.lowWatermark());
        assertEquals(4096, k.highWatermark());
        assertEquals(Duration.ofMillis(500), k.pollInterval());
        assertEquals(Path.of("/tmp/proc"), k.procRoot());
        assertEquals(6, k.creditBitsPerByte());
        assertEquals(2048, c.localEgd().bufferBytes());
        assertEquals(8, c.localEgd().maxClients());
        assertEquals(2, c.localEgd().maxClientsPerUser(), "default: a quarter of max-clients");
        assertEquals(Duration.ZERO, c.localEgd().idleTimeout());
        assertEquals(9999, c.metrics().listen().port());
        assertEquals(Duration.ofSeconds(2), c.requestTimeout());
        assertEquals(Duration.ofMinutes(1), c.failbackAfter());
        assertEquals(Duration.ofMinutes(30), c.refusedBackoffMax());
        assertEquals(Duration.ofMinutes(30), c.upstreamSettings().refusedBackoffMax());
    }

    @Test
    void defaultsMatchTheDocumentation() throws Exception {
        ClientAgentConfig c = parse("hosts: [\"rng1:7776\"]\n" + TLS);
        assertEquals(KernelMode.AUTO, c.kernel().mode());
        assertEquals(Duration.ofSeconds(60), c.kernel().topUpInterval());
        assertEquals(64, c.kernel().topUpBytes());
        assertFalse(c.kernel().reseed());
        assertEquals(1024, c.kernel().lowWatermark());
        assertEquals(3072, c.kernel().highWatermark());
        assertEquals(8, c.kernel().creditBitsPerByte());
        assertNull(c.localEgd(), "local endpoint off unless configured");
        assertEquals("127.0.0.1", c.metrics().listen().host());
        assertEquals(9777, c.metrics().listen().port());
        assertEquals(Duration.ofSeconds(5), c.requestTimeout());
        assertEquals(Duration.ofMinutes(5), c.failbackAfter());
        assertEquals(Duration.ofMinutes(5), c.refusedBackoffMax());
        assertEquals(Duration.ZERO, parse("hosts: [\"a:1\"]\n" + TLS + "local-egd: {listen: \"unix:/run/x.sock\"}\n")
                .localEgd().idleTimeout(), "local clients are never idled out by default");
    }

    @Test
    void unixSocketAccessKeysAreReadAndCheckedAtLoad() throws Exception {
        String head = "hosts: [\"rng1:7776\"]\n" + TLS + "local-egd:\n";
        LocalEgdConfig l = parse(head + "  listen: unix:/run/entropy-fleet/egd.sock\n  socket-group: root\n"
                + "  socket-mode: 0640\n").localEgd();
        assertEquals("root", l.socketGroup());
        assertEquals(0640, l.access().socketMode(), "an unquoted YAML 0640 is the octal mode");
        assertEquals("0660", parse(head + "  listen: unix:/run/x.sock\n").localEgd().socketMode());
        assertEquals(16, parse(head + "  listen: 127.0.0.1:7777\n").localEgd().maxClientsPerUser());

        String m = error(head + "  listen: unix:/run/x.sock\n  socket-group: no-such-group-here\n");
        assertTrue(m.startsWith("client.yaml:5:3:") && m.contains("local-egd.socket-group")
                && m.contains("no group 'no-such-group-here'"), m);
        m = error(head + "  listen: 127.0.0.1:7777\n  socket-mode: \"0660\"\n");
        assertTrue(m.contains("local-egd.socket-mode") && m.contains("only for a unix:/path"), m);
        m = error(head + "  listen: 127.0.0.1:7777\n  max-clients: 8\n  max-clients-per-user: 9\n");
        assertTrue(m.startsWith("client.yaml:6:3:") && m.contains("local-egd.max-clients-per-user"), m);
    }

    @Test
    void plaintextUpstreamIsRefused() {
        String m = error("hosts: [\"rng1:7776\"]\n");
        assertTrue(m.contains("client.yaml:") && m.contains("'tls'"), m);
    }

    @Test
    void localEndpointMustStayOnTheMachine() {
        String m = error("hosts: [\"rng1:7776\"]\n" + TLS + "local-egd:\n  listen: \"0.0.0.0:7777\"\n");
        assertTrue(m.startsWith("client.yaml:4:"), m);
        assertTrue(m.contains("local-egd.listen") && m.contains("loopback"), m);
        error("hosts: [\"rng1:7776\"]\n" + TLS + "local-egd: {listen: \"10.1.2.3:7777\"}\n");
        error("hosts: [\"rng1:7776\"]\n" + TLS + "local-egd: {listen: \"egd.example.net:7777\"}\n");
    }

    @Test
    void errorsNameFileLineAndKey() {
        String m = error("hosts: [\"rng1:7776\"]\n" + TLS + "kernel:\n  mode: auto\n  credit-bits-per-byte: 9\n");
        assertTrue(m.startsWith("client.yaml:5:"), m);
        assertTrue(m.contains("kernel.credit-bits-per-byte"), m);

        m = error("hosts: [\"rng1:7776\"]\n" + TLS + "kernel: {low-watermark: 2000, high-watermark: 1000}\n");
        assertTrue(m.contains("kernel.high-watermark"), m);

        m = error("hosts: [\"rng1:7776\"]\n" + TLS + "kernel: {mode: watermark, credit-bits-per-byte: 0}\n");
        assertTrue(m.contains("kernel.credit-bits-per-byte") && m.contains("watermark"), m);

        m = error("hosts: [\"rng1:7776\"]\n" + TLS + "kernel: {mode: fast}\n");
        assertTrue(m.contains("kernel.mode"), m);

        m = error("hosts: [\"rng1:7776\", \"::1:7776\"]\n" + TLS);
        assertTrue(m.contains("hosts[1]") && m.contains("brackets"), m);

        m = error("hosts: [\"rng1:7776\"]\n" + TLS + "request-timout: 5s\n");
        assertTrue(m.startsWith("client.yaml:3:") && m.contains("unknown key 'request-timout'"), m);

        m = error("hosts: [\"rng1:7776\"]\n" + TLS + "refused-backoff-max: 1s\n");
        assertTrue(m.startsWith("client.yaml:3:") && m.contains("refused-backoff-max") && m.contains("10s..1h"), m);

        m = error("hosts: []\n" + TLS);
        assertTrue(m.contains("'hosts'"), m);
    }

    @Test
    void aHostEntryMayNameTheCertificateApartFromTheAddress() throws Exception {
        ClientAgentConfig c = parse("""
                hosts:
                  - "rng1.example.net:7776"
                  - {address: "192.0.2.20:7776", name: rng2.example.net}
                  - address: "[::1]:7776"
                """ + TLS);
        assertEquals(new UpstreamHost("rng1.example.net", 7776), c.upstreamHosts().get(0));
        UpstreamHost second = c.upstreamHosts().get(1);
        assertEquals("192.0.2.20", second.host());
        assertEquals("rng2.example.net", second.verifiedName());
        assertEquals("rng2.example.net@192.0.2.20:7776", second.toString());
        assertEquals("::1", c.upstreamHosts().get(2).verifiedName());

        String m = error("hosts:\n  - \"rng1:7776\"\n  - {address: \"10.0.0.2:7776\", name: \"rng2:7776\"}\n" + TLS);
        assertTrue(m.startsWith("client.yaml:3:") && m.contains("hosts[1].name") && m.contains("no port"), m);
        m = error("hosts:\n  - {name: rng2.example.net}\n" + TLS);
        assertTrue(m.startsWith("client.yaml:2:") && m.contains("hosts[0].address") && m.contains("required"), m);
        m = error("hosts:\n  - {address: \"10.0.0.2\", name: rng2}\n" + TLS);
        assertTrue(m.contains("hosts[0].address") && m.contains("not host:port"), m);
        m = error("hosts:\n  - {address: \"10.0.0.2:7776\", nmae: rng2}\n" + TLS);
        assertTrue(m.contains("unknown key 'hosts[0].nmae'") && m.contains("known: name, address"), m);
    }

    @Test
    void tlsProviderDefaultsToJdkAndRejectsUnknownValuesWhenLoadedTheDaemonsWay(@TempDir Path dir) throws Exception {
        String yaml = """
                hosts: ["rng1.example.net:7776"]
                tls: {cert: /etc/ef/client.crt, key: /etc/ef/client.key, ca: /etc/ef/ca.pem}
                """;
        assertEquals(TlsProviderChoice.JDK, ClientAgentConfig.load(Files.writeString(dir.resolve("c.yaml"), yaml)).tlsProvider());
        Path bad = Files.writeString(dir.resolve("bad.yaml"), yaml + "tls-provider: gnutls\n");
        String m = assertThrows(ConfigException.class, () -> ClientAgentConfig.load(bad)).getMessage();
        assertTrue(m.contains("tls-provider") && m.contains("jdk, openssl, auto") && m.contains("bad.yaml:3"), m);
    }
}
