package org.entropyfleet.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.entropyfleet.client.ClientAgentCommand;
import org.entropyfleet.client.testsupport.AgentConfigs;
import org.entropyfleet.link.tls.TestPki;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Every client-agent listener whose address is taken: exit 2, naming the key, its line and the address
 * instead of Netty's exception text. The agent runs through its picocli command.
 */
class AddressInUseTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"local-egd", "metrics"})
    void namesTheKeyAndTheAddress(String block) throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            String other = block.equals("metrics") ? "local-egd" : "metrics";
            Path cfg = AgentConfigs.write(dir, pki, "kernel: {mode: off}\n"
                    + other + ":\n  listen: \"127.0.0.1:0\"\n"
                    + block + ":\n  listen: \"" + address + "\"\n", 7776);
            StringWriter err = new StringWriter();
            CommandLine cl = ClientAgentCommand.commandLine();
            cl.setOut(new PrintWriter(new StringWriter(), true));
            cl.setErr(new PrintWriter(err, true));
            assertEquals(2, cl.execute("--config", cfg.toString()), err.toString());
            // hosts, tls (4 lines), kernel, the other block (2 lines), then this block: its listen is line 10
            assertTrue(err.toString().startsWith("client-agent: " + cfg + ":10:3: key '" + block
                    + ".listen': cannot listen on " + address + ": address already in use"), err.toString());
            assertFalse(err.toString().contains("Exception"), err.toString());
        }
    }
}
