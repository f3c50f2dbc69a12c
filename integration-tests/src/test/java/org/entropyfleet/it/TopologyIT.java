package org.entropyfleet.it;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.entropyfleet.it.support.Fleet;
import org.entropyfleet.it.support.Metrics;
import org.entropyfleet.it.support.Netns;
import org.entropyfleet.it.support.Poll;
import org.entropyfleet.it.support.Ports;
import org.entropyfleet.it.support.Randomness;
import org.entropyfleet.it.support.SteadyReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hosts and three clients; host-a lives in its own network namespace behind a veth link, so
 * pulling its cable is real. Clients prefer host-a, fail over to host-b, and come back.
 */
class TopologyIT {
    private static final Duration MOVE_WITHIN = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    Fleet fleet;
    Netns ns;
    int hostAPort;
    int hostAMetrics;
    int hostBPort;
    int hostBMetrics;
    final List<Integer> localEgd = new ArrayList<>();
    final List<SteadyReader> readers = new ArrayList<>();

    @BeforeEach
    void start() {
        fleet = Fleet.create(dir);
        ns = fleet.own(Netns.create());
        fleet.issueHost("host-a", ns.insideAddress()).issueHost("host-b");
        hostAPort = Ports.free();
        hostAMetrics = Ports.free();
        fleet.startHostIn(ns.name(), "host-a", fleet.writeHostConfig("host-a", ns.insideAddress(), hostAPort,
                hostAMetrics, Fleet.urandomSource(8), null), ns.insideAddress(), hostAPort, hostAMetrics);
        hostBPort = Ports.free();
        hostBMetrics = Ports.free();
        fleet.startHost("host-b", fleet.writeHostConfig("host-b", hostBPort, hostBMetrics, Fleet.urandomSource(8), null),
                hostBPort, hostBMetrics);
        for (int i = 1; i <= 3; i++) {
            String name = "client-" + i;
            fleet.issueClient(name);
            int metrics = Ports.free();
            int local = Ports.free();
            localEgd.add(local);
            fleet.startClient(name, fleet.writeClientConfigFor(name,
                    List.of(ns.insideAddress() + ":" + hostAPort, "localhost:" + hostBPort), metrics, local, "off",
                    "request-timeout: 2s\nfailback-after: 3s\n"), metrics);
        }
        for (int local : localEgd) {
            Poll.until(Fleet.START_TIMEOUT, "local EGD " + local, () -> Ports.accepting("127.0.0.1", local));
            readers.add(fleet.own(SteadyReader.start(local, true)));
        }
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    private double servedByB() {
        return Metrics.scrape(hostBMetrics).sum("host_serve_bytes_served_total");
    }

    private void awaitProgress(String what) {
        for (SteadyReader r : readers) {
            r.awaitProgress(MOVE_WITHIN, 4096, what);
        }
    }

    @Test
    void pullingTheCableOfTheNamespacedHostFailsClientsOverAndBack() throws InterruptedException {
        awaitProgress("clients reading through host-a");
        ns.linkDown();
        double before = servedByB();
        Poll.until(MOVE_WITHIN, "clients to fail over to host-b", () -> servedByB() > before);
        awaitProgress("reading while host-a is cut off");
        ns.linkUp();
        double aBefore = Metrics.scrape(ns.insideAddress(), hostAMetrics).sum("host_serve_bytes_served_total");
        Poll.until(Duration.ofSeconds(40), "clients to return to the preferred host-a", () ->
                Metrics.scrape(ns.insideAddress(), hostAMetrics).sum("host_serve_bytes_served_total") > aBefore);
        awaitProgress("reading after host-a is back");
        List<byte[]> collected = new ArrayList<>();
        for (SteadyReader r : readers) {
            r.close();
            assertNull(r.error());
            collected.add(r.kept());
        }
        Randomness.assertNoRepeatedBlock(collected);
    }
}
