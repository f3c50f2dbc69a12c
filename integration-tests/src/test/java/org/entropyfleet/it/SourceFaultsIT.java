package org.entropyfleet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.entropyfleet.it.support.AgentProcess;
import org.entropyfleet.it.support.Cli;
import org.entropyfleet.it.support.Fleet;
import org.entropyfleet.it.support.Metrics;
import org.entropyfleet.it.support.Poll;
import org.entropyfleet.it.support.Ports;
import org.entropyfleet.it.support.SteadyReader;
import org.entropyfleet.it.support.Stunnel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources misbehaving under a running host-agent process: one stalls (a FIFO whose writer goes
 * silent, as a key stuck after reboot) and recovers, one turns constant and is quarantined while a
 * healthy source keeps serving.
 */
class SourceFaultsIT {
    private static final Duration WITHIN = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    Fleet fleet;
    int hostPort;
    int hostMetrics;

    @BeforeEach
    void pki() {
        fleet = Fleet.create(dir);
        fleet.issueHost("host-s").issueClient("client-s");
        hostPort = Ports.free();
        hostMetrics = Ports.free();
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    private double metric(String name, String labelPart) {
        return Metrics.scrape(hostMetrics).sum(name, labelPart);
    }

    @Test
    void aStalledFifoSourceIsReopenedAndRecovers() {
        Path fifo = dir.resolve("rng.fifo");
        Cli.run(dir, List.of("mkfifo", fifo.toString())).ok();
        // the "device" delivers some bytes, then keeps the FIFO open and goes silent: a stall, not EOF
        AgentProcess writer = fleet.own(AgentProcess.start("silent-writer", dir, List.of("sh", "-c",
                "exec 3>" + fifo + "; head -c 20000 /dev/urandom >&3; exec sleep 600")));
        String sources = "  - type: device\n    name: fifo\n    path: " + fifo + "\n    min-entropy: 8\n"
                + "    stall-timeout: 2s\n";
        fleet.startHost("host-s", fleet.writeHostConfig("host-s", hostPort, hostMetrics, sources, null),
                hostPort, hostMetrics, false);
        Poll.until(WITHIN, "the first bytes from the FIFO", () -> metric("host_source_bytes_gathered_total", "source=\"fifo\"") >= 20000);
        Poll.until(WITHIN, "the stall to be detected and the FIFO reopened",
                () -> metric("host_source_stalls_total", "source=\"fifo\"") >= 1 && metric("host_source_reopens_total", "source=\"fifo\"") >= 1);
        writer.close();
        double before = metric("host_source_bytes_gathered_total", "source=\"fifo\"");
        fleet.own(AgentProcess.start("fresh-writer", dir, List.of("sh", "-c",
                "exec head -c 200000 /dev/urandom > " + fifo)));
        Poll.until(WITHIN, "the source to recover by itself", () ->
                metric("host_source_bytes_gathered_total", "source=\"fifo\"") >= before + 30_000); // below what the 64 KiB pool can take unread
        assertEquals(1.0, metric("host_source_up", "source=\"fifo\""), "the source is up again");
    }

    @Test
    void aSourceThatTurnsConstantIsQuarantinedAndNothingFromItIsServed() throws Exception {
        String sources = Fleet.urandomSource(8)
                + "  - type: command\n    name: goes-flat\n"
                + "    command: [\"/bin/sh\", \"-c\", \"head -c 5000 /dev/urandom; exec cat /dev/zero\"]\n"
                + "    min-entropy: 8\n";
        fleet.startHost("host-s", fleet.writeHostConfig("host-s", hostPort, hostMetrics, sources, null),
                hostPort, hostMetrics);
        // a client keeps draining the pool, so neither source is held back by a full pool
        int accept = Ports.free();
        Stunnel.client(fleet, "stunnel-s", "client-s", accept, hostPort);
        SteadyReader reader = fleet.own(SteadyReader.start(accept, false));
        Poll.until(WITHIN, "the constant source to fail its health tests", () ->
                metric("host_source_health_failures_total", "source=\"goes-flat\",test=\"rct\"") > 0
                        && metric("host_source_health_state", "source=\"goes-flat\"") != 0);
        double conditioned = metric("host_source_conditioned_bytes_total", "source=\"goes-flat\"");
        double gathered = metric("host_source_bytes_gathered_total", "source=\"goes-flat\"");
        Poll.until(WITHIN, "more bytes read from the constant source", () ->
                metric("host_source_bytes_gathered_total", "source=\"goes-flat\"") > gathered + 50_000
                        || metric("host_source_health_state", "source=\"goes-flat\"") == 2);
        assertEquals(conditioned, metric("host_source_conditioned_bytes_total", "source=\"goes-flat\""),
                "a quarantined source contributes nothing to the pool");

        // the healthy source keeps the host serving
        reader.awaitProgress(WITHIN, 16_384, "reading while the constant source is quarantined");
        assertTrue(metric("host_source_conditioned_bytes_total", "source=\"command-0\"") > 0, "served from the healthy source");
    }
}
