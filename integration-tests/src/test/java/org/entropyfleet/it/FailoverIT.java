package org.entropyfleet.it;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.entropyfleet.it.support.AgentProcess;
import org.entropyfleet.it.support.Fleet;
import org.entropyfleet.it.support.Metrics;
import org.entropyfleet.it.support.Poll;
import org.entropyfleet.it.support.Ports;
import org.entropyfleet.it.support.SteadyReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two hosts, one client under steady local load: kill -9 and SIGSTOP the active host. */
class FailoverIT {
    private static final Duration MOVE_WITHIN = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    Fleet fleet;
    int[] hostPort = new int[2];
    int[] hostMetrics = new int[2];
    Path[] hostCfg = new Path[2];
    AgentProcess[] host = new AgentProcess[2];
    int clientMetrics;
    int localEgd;
    SteadyReader reader;

    @BeforeEach
    void start() {
        fleet = Fleet.create(dir);
        for (int i = 0; i < 2; i++) {
            String name = "host-" + (char) ('a' + i);
            fleet.issueHost(name);
            hostPort[i] = Ports.free();
            hostMetrics[i] = Ports.free();
            hostCfg[i] = fleet.writeHostConfig(name, hostPort[i], hostMetrics[i], Fleet.urandomSource(8), null);
            host[i] = fleet.startHost(name, hostCfg[i], hostPort[i], hostMetrics[i]);
        }
        fleet.issueClient("client-f");
        clientMetrics = Ports.free();
        localEgd = Ports.free();
        fleet.startClient("client-f", fleet.writeClientConfig("client-f", List.of(hostPort[0], hostPort[1]),
                clientMetrics, localEgd, "off", "request-timeout: 2s\nfailback-after: 3s\n"), clientMetrics);
        Poll.until(Fleet.START_TIMEOUT, "local EGD", () -> Ports.accepting("127.0.0.1", localEgd));
        reader = fleet.own(SteadyReader.start(localEgd, false));
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    private double served(int i) {
        return Metrics.scrape(hostMetrics[i]).sum("host_serve_bytes_served_total");
    }

    private void awaitReaderProgress(String what) {
        reader.awaitProgress(MOVE_WITHIN, 8192, what);
    }

    @Test
    void killingTheActiveHostMovesTheClientAndReadersSeeNoError() {
        Poll.until(MOVE_WITHIN, "the preferred host to serve the client", () -> served(0) > 0);
        awaitReaderProgress("reader progress before the fault");
        host[0].kill9();
        double before = served(1);
        Poll.until(MOVE_WITHIN, "failover to host-b", () -> served(1) > before);
        awaitReaderProgress("reader progress after failover");

        host[0] = fleet.startHost("host-a", hostCfg[0], hostPort[0], hostMetrics[0]);
        Poll.until(Duration.ofSeconds(30), "failback to host-a", () -> served(0) > 0);
        awaitReaderProgress("reader progress after failback");
        assertNull(reader.error());
    }

    @Test
    void aFrozenHostIsDetectedByTimeout() {
        Poll.until(MOVE_WITHIN, "the preferred host to serve the client", () -> served(0) > 0);
        host[0].signal("STOP");
        try {
            double before = served(1);
            Poll.until(MOVE_WITHIN, "failover away from the frozen host", () -> served(1) > before);
            awaitReaderProgress("reader progress while host-a is frozen");
            assertTrue(host[0].alive());
        } finally {
            host[0].signal("CONT");
        }
    }
}
