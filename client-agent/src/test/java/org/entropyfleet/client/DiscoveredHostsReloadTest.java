package org.entropyfleet.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.entropyfleet.client.config.ClientAgentConfig;
import org.entropyfleet.link.testsupport.Poll;
import org.entropyfleet.client.testsupport.TestEgdHost;
import org.entropyfleet.link.tls.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a Puppet run does to a client-agent that finds its hosts through PuppetDB: it rewrites the hosts
 * list ({@code {address, name}} entries in the client's own order) without the hosts deactivated since,
 * and reloads the agent ({@code systemctl reload}: SIGHUP, then {@link ClientAgent#reload}, the signal
 * path being ClientReloadIT's). The connection to a host that stays is kept even when hosts before it
 * in the list go away and it becomes the first.
 */
class DiscoveredHostsReloadTest {
    @TempDir
    Path dir;

    private record Listed(String name, int port) {
    }

    private Path writeConfig(TestPki pki, Path[] client, List<Listed> hosts) throws Exception {
        String list = hosts.stream().map(h -> "  - {address: \"127.0.0.1:" + h.port() + "\", name: " + h.name() + "}\n")
                .collect(Collectors.joining());
        return Files.writeString(dir.resolve("client-agent.yaml"), "hosts:\n" + list
                + "tls: {cert: " + client[0] + ", key: " + client[1] + ", ca: " + pki.caBundle() + "}\n"
                + "kernel: {mode: off}\n"
                + "metrics: {listen: \"127.0.0.1:0\"}\n");
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static long handshakes(ClientAgent agent) {
        return agent.metrics().counter("tls.handshakes.ok").getCount();
    }

    @Test
    void hostsThatLeaveTheListDoNotDisturbTheConnectionToAHostThatStays() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        Path[] client = pki.issueClient("vm-1");
        try (TestEgdHost a = TestEgdHost.start(pki, "rng-a.example.net", 0);
                TestEgdHost b = TestEgdHost.start(pki, "rng-b.example.net", 0)) {
            Listed gone = new Listed("rng-x.example.net", closedPort()); // deactivated, and already down
            Listed hostA = new Listed("rng-a.example.net", a.port());
            Listed hostB = new Listed("rng-b.example.net", b.port());
            Path file = writeConfig(pki, client, List.of(gone, hostA, hostB));
            try (ClientAgent agent = ClientAgent.start(ClientAgentConfig.load(file))) {
                assertEquals(32, agent.connector().fetch(32).get(10, TimeUnit.SECONDS).length);
                assertEquals(a.port(), agent.connector().activeHost().port(), "the first host is down: the second serves");
                Poll.until(Duration.ofSeconds(30), "the handshake to be counted", () -> handshakes(agent) == 1);

                // next Puppet run: rng-x was deactivated, rng-a is now first
                agent.reload(ClientAgentConfig.load(writeConfig(pki, client, List.of(hostA, hostB))));
                Poll.until(Duration.ofSeconds(30), "the new list to apply",
                        () -> agent.connector().preferredHost().port() == a.port());
                assertEquals(32, agent.connector().fetch(32).get(10, TimeUnit.SECONDS).length);
                // and the run after: rng-b was deactivated too
                agent.reload(ClientAgentConfig.load(writeConfig(pki, client, List.of(hostA))));
                Poll.until(Duration.ofSeconds(30), "the shorter list to apply",
                        () -> !agent.connector().describeHosts().contains(":" + b.port()));
                assertEquals(32, agent.connector().fetch(32).get(10, TimeUnit.SECONDS).length);

                assertEquals("rng-a.example.net@127.0.0.1:" + a.port(), String.valueOf(agent.connector().activeHost()));
                assertEquals(1, handshakes(agent), "no second handshake: the connection to rng-a was kept");
                assertEquals(1, a.openConnections());
                assertEquals(0, agent.metrics().counter("upstream.failbacks").getCount());
                assertFalse(agent.connector().describeHosts().contains("rng-x"), agent.connector().describeHosts());
            }
        }
    }
}
