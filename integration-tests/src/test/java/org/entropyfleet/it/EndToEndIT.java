package org.entropyfleet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.entropyfleet.it.support.EgdReader;
import org.entropyfleet.it.support.EgdSocket;
import org.entropyfleet.it.support.Fleet;
import org.entropyfleet.it.support.Metrics;
import org.entropyfleet.it.support.Poll;
import org.entropyfleet.it.support.Ports;
import org.entropyfleet.it.support.Randomness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One host and three clients as separate JVMs with certificates from the certs tool: entropy
 * crosses the mTLS link, reaches the kernel and local EGD readers, passes rngtest and ent, and
 * no byte is served twice.
 */
class EndToEndIT {
    private static final int QUALITY_BYTES = 2_500_100; // 1,000 FIPS blocks for rngtest, plus its 32-bit seed

    @TempDir
    static Path dir;
    static Fleet fleet;
    static int hostPort;
    static int hostMetrics;
    static final int[] clientMetrics = new int[3];
    static final int[] localEgd = new int[3];

    @BeforeAll
    static void startFleet() {
        fleet = Fleet.create(dir);
        fleet.issueHost("host-a");
        hostPort = Ports.free();
        hostMetrics = Ports.free();
        // /dev/urandom stands in for a full-entropy hardware source so the test can move megabytes quickly.
        Path hostCfg = fleet.writeHostConfig("host-a", hostPort, hostMetrics, Fleet.urandomSource(8), null);
        fleet.startHost("host-a", hostCfg, hostPort, hostMetrics);
        for (int i = 0; i < 3; i++) {
            String name = "client-" + (i + 1);
            fleet.issueClient(name);
            clientMetrics[i] = Ports.free();
            localEgd[i] = Ports.free();
            // the first client feeds the kernel (root here); the others only serve local readers
            Path cfg = fleet.writeClientConfig(name, List.of(hostPort), clientMetrics[i], localEgd[i],
                    i == 0 ? "auto\n  top-up-interval: 2s\n  reseed: true" : "off", null);
            fleet.startClient(name, cfg, clientMetrics[i]);
        }
        for (int i = 0; i < 3; i++) {
            int port = localEgd[i];
            Poll.until(Fleet.START_TIMEOUT, "local EGD on " + port, () -> Ports.accepting("127.0.0.1", port));
        }
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void everyLocalCommandIsAnsweredInOrder() throws Exception {
        try (EgdSocket egd = new EgdSocket("127.0.0.1", localEgd[0], 30_000)) {
            assertTrue(egd.bitsAvailable() >= 0);
            assertEquals(255, egd.readBlocking(255).length);
            assertTrue(egd.readNonBlocking(16).length <= 16);
            assertTrue(egd.pid().matches("-?\\d+"), "pid is ASCII digits");
            assertEquals(0, egd.readNonBlocking(0).length);
        }
    }

    @Test
    void twoAndAHalfMegabytesThroughTheChainPassRngtestAndEnt() throws Exception {
        byte[] data = EgdReader.collect("127.0.0.1", localEgd[1], QUALITY_BYTES);
        assertEquals(QUALITY_BYTES, data.length);
        Path file = dir.resolve("chain.bin");
        Randomness.write(file, data);
        int failures = Randomness.rngtestFailures(file);
        // FIPS 140-2's tests fail good data about 0.1 % of the time (rngtest on 25 MB of /dev/urandom here:
        // 12 of 10,000 blocks), so 1,000 blocks expect ~1 failure. At most 8: a good source exceeds that in about
        // 5 of a million runs (Poisson, mean 1.2; 5 or more, past the old bound, in 0.8 % of runs and seen in CI),
        // while a biased or repeating stream fails most blocks.
        assertTrue(failures <= 8, "rngtest failures: " + failures);
        double ent = Randomness.entBitsPerByte(file);
        assertTrue(ent >= 7.99, "ent bits per byte: " + ent);
    }

    @Test
    void bytesGatheredByAllClientsNeverRepeat() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<byte[]>> parts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int port = localEgd[i];
                parts.add(pool.submit(() -> EgdReader.collect("127.0.0.1", port, 300_000)));
            }
            List<byte[]> all = new ArrayList<>();
            for (Future<byte[]> f : parts) {
                all.add(f.get());
            }
            Randomness.assertNoRepeatedBlock(all);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theFeedingClientCreditsTheKernel() {
        Poll.until(Duration.ofSeconds(60), "client-1 to credit the kernel", () ->
                Metrics.scrape(clientMetrics[0]).sum("kernel_entropy_credited_bytes_total") > 0);
    }
}
