package org.entropyfleet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.entropyfleet.it.support.AgentProcess;
import org.entropyfleet.it.support.EgdSocket;
import org.entropyfleet.it.support.Fleet;
import org.entropyfleet.it.support.Metrics;
import org.entropyfleet.it.support.Poll;
import org.entropyfleet.it.support.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGHUP on a running client-agent JVM (what {@code systemctl reload} sends): a new hosts list and a new
 * local-egd client limit apply, the working upstream connection stays (the host sees no second
 * handshake), and a broken file is refused while the agent keeps running.
 */
class ClientReloadIT {
    private static final Duration APPLY_WITHIN = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    Fleet fleet;

    @AfterEach
    void stop() {
        fleet.close();
    }

    @Test
    void sighupAppliesHostsAndLocalLimitsAndKeepsTheUpstreamConnection() throws IOException {
        fleet = Fleet.create(dir);
        fleet.issueHost("host-a").issueClient("client-r");
        int hostPort = Ports.free();
        int hostMetrics = Ports.free();
        fleet.startHost("host-a", fleet.writeHostConfig("host-a", hostPort, hostMetrics, Fleet.urandomSource(8), null),
                hostPort, hostMetrics);
        int unlistedHost = Ports.free(); // nothing listens there: only its appearance in the list matters
        int clientMetrics = Ports.free();
        int local = Ports.free();
        Path cfg = writeClient(List.of(hostPort), clientMetrics, local, 1);
        AgentProcess client = fleet.startClient("client-r", cfg, clientMetrics);

        try (EgdSocket first = new EgdSocket("127.0.0.1", local, 10_000)) {
            assertEquals(16, first.readBlocking(16).length, "local reader served through host-a");
            double handshakes = handshakesOk(hostMetrics);
            assertEquals(1.0, handshakes, "host-a completed exactly the client's handshake");
            try (EgdSocket second = new EgdSocket("127.0.0.1", local, 2_000)) {
                assertTrue(second.closedByPeer(), "max-clients 1 refuses a second local client before the reload");
            }

            writeClient(List.of(hostPort, unlistedHost), clientMetrics, local, 2);
            client.signal("HUP");
            client.awaitLog(APPLY_WITHIN, "event=reloaded hosts=\\[localhost:" + hostPort + ", localhost:" + unlistedHost);

            try (EgdSocket second = new EgdSocket("127.0.0.1", local, 10_000)) {
                assertEquals(16, second.readBlocking(16).length, "max-clients 2 admits a second local client");
            }
            Poll.until(APPLY_WITHIN, "the client to count the newly listed host", () ->
                    Metrics.scrape(clientMetrics).all().keySet().stream()
                            .anyMatch(k -> k.contains("upstream") && k.contains(Integer.toString(unlistedHost))));
            assertEquals(16, first.readBlocking(16).length, "the first local reader is still served");
            assertEquals(handshakes, handshakesOk(hostMetrics), "no new handshake: the upstream connection was kept");
            assertEquals(1, count(client.output(), "event=host-connected"), client.output());
            assertFalse(client.output().contains("event=host-lost"), client.output());
        }

        fleet.write("client-r.yaml", "hosts: [\n"); // broken: the running config must stay
        client.signal("HUP");
        client.awaitLog(APPLY_WITHIN, "event=reload-failed keeping=previous-config");
        try (EgdSocket after = new EgdSocket("127.0.0.1", local, 10_000)) {
            assertEquals(16, after.readBlocking(16).length, "still served after a refused reload");
        }
        assertTrue(client.alive(), "SIGHUP must not end the agent:\n" + client.output());
    }

    /** The client's config as an operator writes it; only hosts and local-egd.max-clients vary. */
    private Path writeClient(List<Integer> hostPorts, int clientMetrics, int local, int maxClients) {
        String hosts = String.join(", ", hostPorts.stream().map(p -> "\"localhost:" + p + "\"").toList());
        return fleet.write("client-r.yaml", "hosts: [" + hosts + "]\n"
                + "tls:\n"
                + "  cert: " + fleet.cert("client-r") + "\n"
                + "  key: " + fleet.key("client-r") + "\n"
                + "  ca: " + fleet.caBundle() + "\n"
                + "kernel:\n"
                + "  mode: off\n"
                + "local-egd:\n"
                + "  listen: 127.0.0.1:" + local + "\n"
                + "  max-clients: " + maxClients + "\n"
                // both local readers are root's: the per-user cap must not be what refuses the second
                + "  max-clients-per-user: " + maxClients + "\n"
                + "metrics:\n"
                + "  listen: 127.0.0.1:" + clientMetrics + "\n");
    }

    private static double handshakesOk(int metricsPort) {
        return Metrics.scrape(metricsPort).all().entrySet().stream()
                .filter(e -> e.getKey().contains("handshakes_ok"))
                .mapToDouble(java.util.Map.Entry::getValue).sum();
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
