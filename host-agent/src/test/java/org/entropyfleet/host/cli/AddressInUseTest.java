package org.entropyfleet.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.entropyfleet.host.cli.CliTest.Run;
import org.entropyfleet.host.testutil.AgentFixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every host-agent listener whose address is taken: exit 2, and the message names the config key, its
 * line and the address — not Netty's exception text. The agent runs through its picocli command.
 */
class AddressInUseTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"listen", "local-egd.listen", "metrics.listen"})
    void namesTheKeyAndTheAddress(String key) throws Exception {
        AgentFixture fx = new AgentFixture(dir);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            String yaml = fx.config(AgentFixture.urandomSource(), "local-egd: {listen: \"127.0.0.1:0\"}\n");
            yaml = switch (key) {
                case "listen" -> yaml.replaceFirst("listen: 127.0.0.1:0\ntls", "listen: " + address + "\ntls");
                case "metrics.listen" -> yaml.replace("metrics:\n  listen: 127.0.0.1:0", "metrics:\n  listen: " + address);
                default -> yaml.replace("local-egd: {listen: \"127.0.0.1:0\"}", "local-egd: {listen: \"" + address + "\"}");
            };
            Path cfg = fx.write("host.yaml", yaml);
            Run r = CliTest.run("--config", cfg.toString());
            assertEquals(2, r.code(), r.err());
            List<String> lines = List.of(yaml.split("\n"));
            String leaf = key.substring(key.lastIndexOf('.') + 1) + ": ";
            int line = lines.indexOf(lines.stream().filter(l -> l.contains(leaf) && l.contains(address)).findFirst().orElseThrow()) + 1;
            assertTrue(r.err().startsWith("host-agent: " + cfg + ":" + line + ":"), r.err());
            assertTrue(r.err().contains("key '" + key + "': cannot listen on " + address + ": address already in use"), r.err());
            assertFalse(r.err().contains("Exception") || r.err().contains("bind(..)"), r.err());
        }
    }
}
