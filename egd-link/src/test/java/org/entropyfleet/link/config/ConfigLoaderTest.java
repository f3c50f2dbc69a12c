package org.entropyfleet.link.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final String VALID = """
            listen: 0.0.0.0:7776
            tls:
              cert: /etc/ef/host.crt
              key: /etc/ef/host.key
              ca: /etc/ef/ca.pem
              allow: ["client-*"]
              reload-interval: 30s
            sources:
              - type: device
                path: /dev/hwrng
                min-entropy: 6
              - type: egd
            metrics:
              listen: 127.0.0.1:9776
            idle-timeout: 10m
            buffer-size: 64KiB
            """;

    private static ConfigException fails(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "host.yaml", SampleConfig.class));
    }

    @Test
    void readsKebabCaseKeysValueTypesAndDefaults() throws Exception {
        SampleConfig c = ConfigLoader.parse(VALID, "host.yaml", SampleConfig.class);
        assertEquals(Endpoint.tcp("0.0.0.0", 7776), c.listen());
        assertEquals(Path.of("/etc/ef/host.crt"), c.tls().cert());
        assertEquals(List.of("client-*"), c.tls().allow());
        assertEquals(List.of("TLSv1.3"), c.tls().protocols());
        assertEquals(Duration.ofSeconds(30), c.tls().reloadInterval());
        assertEquals(Duration.ofSeconds(10), c.tls().handshakeTimeout());
        assertNull(c.tls().crl());
        assertEquals(6, c.sources().get(0).minEntropy());
        assertNull(c.sources().get(1).minEntropy());
        assertEquals(Endpoint.tcp("127.0.0.1", 9776), c.metrics().listen());
        assertEquals(MetricsConfig.DEFAULT_MAX_CONNECTIONS, c.metrics().maxConnections());
        assertEquals(MetricsConfig.DEFAULT_REQUEST_DEADLINE, c.metrics().requestDeadline());
        assertEquals(Duration.ofMinutes(10), c.idleTimeout());
        assertEquals(64 * 1024, c.bufferSize().bytes());
    }

    @Test
    void unknownKeyNamesFileLineColumnPathAndKnownKeys() {
        ConfigException e = fails(VALID.replace("  allow:", "  foo: 1\n  allow:"));
        assertTrue(e.getMessage().startsWith("host.yaml:6:3: unknown key 'tls.foo' (known: "), e.getMessage());
        assertTrue(e.getMessage().contains("reload-interval"), e.getMessage());
        assertEquals("tls.foo", e.key());
        assertEquals(6, e.line());
    }

    @Test
    void typoOfARequiredKeyIsReportedAsTheUnknownKeyNotAsTheMissingOne() {
        ConfigException e = fails(VALID.replace("  cert:", "  cret:"));
        assertTrue(e.getMessage().startsWith("host.yaml:3:3: unknown key 'tls.cret' (known: "), e.getMessage());
        assertTrue(e.getMessage().contains("cert"), e.getMessage());
        assertEquals("tls.cret", e.key());
    }

    @Test
    void problemAtLocatesAKeyFoundAfterLoading(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("host.yaml"), VALID);
        ConfigException e = ConfigLoader.problemAt(file, "tls.key", "no such file");
        assertEquals(file + ":4:3: key 'tls.key': no such file", e.getMessage());
        assertEquals(4, e.line());
        assertEquals("tls.key", e.key());
    }

    @Test
    void unknownTopLevelKey() {
        ConfigException e = fails("listen: 1.2.3.4:1\nlisten-port: 7\n");
        assertTrue(e.getMessage().startsWith("host.yaml:2:1: unknown key 'listen-port' (known: "), e.getMessage());
    }

    @Test
    void recordValidationIsReportedAtTheKeyInsideAList() {
        ConfigException e = fails(VALID.replace("min-entropy: 6", "min-entropy: 9"));
        assertEquals("host.yaml:11:5: key 'sources[0].min-entropy': must be ≤ 8", e.getMessage());
    }

    @Test
    void missingRequiredKeyIsNamedAtItsParent() {
        ConfigException e = fails(VALID.replace("  cert: /etc/ef/host.crt\n", ""));
        assertEquals("host.yaml:2:1: key 'tls.cert': required", e.getMessage());
    }

    @Test
    void missingRequiredKeyInAListElement() {
        ConfigException e = fails(VALID.replace("  - type: egd", "  - path: /x"));
        assertEquals("host.yaml:12:5: key 'sources[1].type': required", e.getMessage());
    }

    @Test
    void emptyFileNamesTheFirstMissingKey() {
        ConfigException e = fails("\n");
        assertEquals("host.yaml:1:1: key 'listen': required", e.getMessage());
    }

    @Test
    void tlsProtocolsBelowTwelveAreRejectedNamingTheKey() {
        ConfigException e = fails(VALID.replace("  allow:", "  protocols: [TLSv1.3, TLSv1.1]\n  allow:"));
        assertTrue(e.getMessage().startsWith("host.yaml:6:24: key 'tls.protocols[1]': 'TLSv1.1' not allowed"), e.getMessage());
        ConfigException e2 = fails(VALID.replace("  allow:", "  protocols:\n    - SSLv3\n  allow:"));
        assertTrue(e2.getMessage().startsWith("host.yaml:7:7: key 'tls.protocols[0]': 'SSLv3' not allowed"), e2.getMessage());
    }

    @Test
    void badDurationNamesTheKeyAndTheForms() {
        ConfigException e = fails(VALID.replace("reload-interval: 30s", "reload-interval: 30 seconds"));
        assertEquals("host.yaml:7:3: key 'tls.reload-interval': '30 seconds' is not a duration "
                + "(use e.g. 500ms, 30s, 10m, 1h, 1m30s or 0; 50us for busy-poll)", e.getMessage());
    }

    @Test
    void badEndpointNamesTheKey() {
        ConfigException e = fails(VALID.replace("listen: 0.0.0.0:7776", "listen: ::1:7776"));
        assertTrue(e.getMessage().startsWith("host.yaml:1:1: key 'listen': '::1:7776': write IPv6 addresses in brackets"),
                e.getMessage());
        ConfigException e2 = fails(VALID.replace("  listen: 127.0.0.1:9776", "  listen: localhost"));
        assertTrue(e2.getMessage().startsWith("host.yaml:14:3: key 'metrics.listen': 'localhost': missing port"),
                e2.getMessage());
    }

    @Test
    void metricsLimitsAreReadAndCheckedAtTheirKeys() throws Exception {
        String limits = "  listen: 127.0.0.1:9776\n  max-connections: 64\n  request-deadline: 2s\n";
        MetricsConfig m = ConfigLoader.parse(VALID.replace("  listen: 127.0.0.1:9776\n", limits), "host.yaml",
                SampleConfig.class).metrics();
        assertEquals(new MetricsConfig(Endpoint.tcp("127.0.0.1", 9776), 64, Duration.ofSeconds(2)), m);
        ConfigException e = fails(VALID.replace("  listen: 127.0.0.1:9776\n", limits.replace("64", "0")));
        assertEquals("host.yaml:15:3: key 'metrics.max-connections': must be between 1 and 65536", e.getMessage());
        ConfigException e2 = fails(VALID.replace("  listen: 127.0.0.1:9776\n", limits.replace("2s", "10ms")));
        assertEquals("host.yaml:16:3: key 'metrics.request-deadline': must be between 100ms and 5m", e2.getMessage());
    }

    @Test
    void metricsTextfileKeysAreReadAndCheckedAtTheirKeys() throws Exception {
        String keys = "  listen: 127.0.0.1:9776\n  max-connections: 64\n  request-deadline: 2s\n"
                + "  textfile-dir: /var/lib/prometheus/node-exporter\n  textfile-interval: 30s\n";
        MetricsConfig m = ConfigLoader.parse(VALID.replace("  listen: 127.0.0.1:9776\n", keys), "host.yaml",
                SampleConfig.class).metrics();
        assertEquals(java.nio.file.Path.of("/var/lib/prometheus/node-exporter"), m.textfileDir());
        assertEquals(Duration.ofSeconds(30), m.textfileInterval());
        ConfigException e = fails(VALID.replace("  listen: 127.0.0.1:9776\n", keys.replace("/var/lib/", "var/lib/")));
        assertEquals("host.yaml:17:3: key 'metrics.textfile-dir': must be an absolute path", e.getMessage());
        ConfigException e2 = fails(VALID.replace("  listen: 127.0.0.1:9776\n", keys.replace("30s", "10ms")));
        assertEquals("host.yaml:18:3: key 'metrics.textfile-interval': must be between 1s and 1h", e2.getMessage());
    }

    @Test
    void badDataSizeNamesTheKey() {
        ConfigException e = fails(VALID.replace("buffer-size: 64KiB", "buffer-size: lots"));
        assertEquals("host.yaml:16:1: key 'buffer-size': 'lots' is not a size (use e.g. 4096, 64KiB, 1MiB)",
                e.getMessage());
    }

    @Test
    void wrongShapeNamesTheKey() {
        ConfigException e = fails(VALID.replace("  allow: [\"client-*\"]", "  allow: {a: 1}"));
        assertEquals("host.yaml:6:3: key 'tls.allow': expected a list, got a mapping", e.getMessage());
        ConfigException e2 = fails(VALID.replace("min-entropy: 6", "min-entropy: 6.5"));
        assertTrue(e2.getMessage().startsWith("host.yaml:11:5: key 'sources[0].min-entropy': "), e2.getMessage());
    }

    @Test
    void duplicateKeyIsAnError() {
        ConfigException e = fails(VALID + "listen: 0.0.0.0:1\n");
        assertTrue(e.getMessage().matches("host\\.yaml:17:\\d+: duplicate key 'listen'"), e.getMessage());
    }

    @Test
    void yamlSyntaxErrorNamesTheLine() {
        ConfigException e = fails("listen: 1.2.3.4:5\n- item\n");
        assertTrue(e.getMessage().matches("host\\.yaml:2:\\d+: YAML syntax error: .*"), e.getMessage());
    }

    @Test
    void loadNamesTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("host.yaml");
        Files.writeString(file, VALID.replace("min-entropy: 6", "min-entropy: -1"));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, SampleConfig.class));
        assertEquals(file + ":11:5: key 'sources[0].min-entropy': must be ≤ 8", e.getMessage());

        Files.writeString(file, VALID);
        assertEquals(7776, ConfigLoader.load(file, SampleConfig.class).listen().port());

        Path missing = dir.resolve("nope.yaml");
        ConfigException e2 = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing, SampleConfig.class));
        assertTrue(e2.getMessage().startsWith(missing + ": cannot read"), e2.getMessage());
    }

    @Test
    void oversizedFileIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.yaml");
        Files.writeString(file, "#".repeat(ConfigLoader.MAX_CONFIG_BYTES + 1));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, SampleConfig.class));
        assertTrue(e.getMessage().startsWith(file + ": larger than"), e.getMessage());
    }
}
