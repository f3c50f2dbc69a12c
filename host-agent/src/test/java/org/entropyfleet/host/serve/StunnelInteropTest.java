package org.entropyfleet.host.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.entropyfleet.host.HostAgent;
import org.entropyfleet.host.testutil.AgentFixture;
import org.entropyfleet.host.testutil.EgdSocketClient;
import org.entropyfleet.host.testutil.Ports;
import org.entropyfleet.link.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment this replaces: an EGD client talking plaintext to a local stunnel in client mode,
 * which speaks mTLS (verify = 2) to the host-agent.
 */
class StunnelInteropTest {
    @TempDir
    Path dir;
    HostAgent agent;
    Process stunnel;

    @AfterEach
    void tearDown() throws Exception {
        if (stunnel != null) {
            stunnel.destroy();
            stunnel.waitFor(5, TimeUnit.SECONDS);
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void plainEgdClientThroughStunnelClientMode() throws Exception {
        AgentFixture fx = new AgentFixture(dir);
        agent = fx.start("host.yaml", fx.config(AgentFixture.urandomSource(), ""));
        Path[] client = fx.client("client-stunnel");
        int accept = Ports.free();
        Path conf = dir.resolve("stunnel.conf");
        Files.writeString(conf, String.join("\n",
                "foreground = yes",
                "pid =",
                "debug = 4",
                "[egd]",
                "client = yes",
                "accept = 127.0.0.1:" + accept,
                "connect = 127.0.0.1:" + agent.port(),
                "cert = " + client[0],
                "key = " + client[1],
                "CAfile = " + fx.pki.caBundle(),
                "verify = 2",
                "checkHost = host.test",
                ""));
        stunnel = new ProcessBuilder("stunnel4", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stunnel.log").toFile()).start();
        Poll.until(Duration.ofSeconds(20), "stunnel accepting", () -> {
            try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), accept)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        try (EgdSocketClient c = EgdSocketClient.plain(accept)) {
            assertTrue(c.bitsAvailable() > 0);
            assertEquals(255, c.readBlocking(255).length);
            assertEquals(17, c.readNonBlocking(17).length);
            assertEquals(Long.toString(ProcessHandle.current().pid()), c.pid());
        }
        // plus the literal Python one-liner an operator would use
        Process py = new ProcessBuilder("python3", "-c",
                "import socket;s=socket.create_connection(('127.0.0.1'," + accept + "));s.sendall(b'\\x02\\x20');"
                        + "d=b''\nwhile len(d)<32:\n  d+=s.recv(32-len(d))\nprint(len(d))")
                .redirectErrorStream(true).start();
        assertTrue(py.waitFor(30, TimeUnit.SECONDS));
        assertEquals("32", new String(py.getInputStream().readAllBytes()).trim());
        assertTrue(agent.metrics().counter("host.serve.client.client-stunnel.bytes-served").getCount() >= 255 + 17 + 32);
    }
}
