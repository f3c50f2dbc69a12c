package org.entropyfleet.client.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.entropyfleet.client.testsupport.TestClientTls;
import org.entropyfleet.client.testsupport.TestEgdHost;
import org.entropyfleet.client.upstream.HostConnector;
import org.entropyfleet.client.upstream.UpstreamHost;
import org.entropyfleet.client.upstream.UpstreamSettings;
import org.entropyfleet.link.tls.TestPki;
import org.entropyfleet.link.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feeder against a simulated kernel (files in a temp proc root) and a real mTLS EGD host: the
 * bytes credited are bytes that crossed a TLS connection.
 */
class KernelFeederTest {
    @TempDir
    Path dir;
    private EventLoopGroup group;
    private TestEgdHost host;
    private HostConnector connector;

    @BeforeEach
    void setUp() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        host = TestEgdHost.start(pki, "rng-a", 0);
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        connector = new HostConnector(new UpstreamSettings(List.of(new UpstreamHost("127.0.0.1", host.port())),
                Duration.ofSeconds(5), Duration.ofMinutes(5)), TestClientTls.forClient(pki, "client-test"), group,
                NioSocketChannel.class, new MetricRegistry());
        connector.start();
    }

    @AfterEach
    void tearDown() {
        connector.close();
        host.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static FeedSettings settings(int low, int high, int bitsPerByte, boolean reseed) {
        return new FeedSettings(KernelMode.AUTO, Duration.ofMillis(50), 64, reseed, low, high, Duration.ofMillis(50),
                bitsPerByte, Duration.ofSeconds(10));
    }

    @Test
    void watermarkRefillsToHighWhenDrainedBelowLow() throws Exception {
        SimulatedKernel k = new SimulatedKernel(dir.resolve("proc"), "4.18.0-513.el8.x86_64", 4096, 3000, true);
        KernelMode mode = KernelInfo.resolve(KernelMode.AUTO, k, k.procRoot);
        assertEquals(KernelMode.WATERMARK, mode);
        try (KernelFeeder f = new KernelFeeder(k, connector, settings(1024, 3072, 8, false), mode)) {
            assertEquals(0, f.watermarkRound(), "above the low watermark nothing is fetched");
            assertEquals(0, host.bytesServed());

            k.setAvail(500); // consumers drained the pool
            int bits = f.watermarkRound();
            assertEquals((3072 - 500 + 7) / 8 * 8, bits);
            assertTrue(k.entropyAvail() >= 3072, "refilled to the high watermark: " + k.entropyAvail());
            assertEquals((3072 - 500 + 7) / 8, host.bytesServed(), "fetched only what was needed");

            k.setAvail(1023);
            assertTrue(f.watermarkRound() > 0, "just below low refills");
        }
    }

    @Test
    void watermarkTargetIsCappedAtPoolSizeAndRunsOnItsOwnSchedule() throws Exception {
        SimulatedKernel k = new SimulatedKernel(dir.resolve("proc"), "3.10.0", 4096, 100, true);
        try (KernelFeeder f = new KernelFeeder(k, connector, settings(1024, 8192, 8, false), KernelMode.WATERMARK)) {
            f.start();
            Poll.until(Duration.ofSeconds(10), "pool refilled to poolsize", () -> avail(k) == 4096);
            k.setAvail(0);
            Poll.until(Duration.ofSeconds(10), "refilled again after a drain", () -> avail(k) == 4096);
            assertEquals(2 * 4096 / 8 - 100 / 8, host.bytesServed());
        }
    }

    @Test
    void oldDriverRefillIsSizedFromTheReReadCountAndCountedApartFromCredited() throws Exception {
        SimulatedKernel k = SimulatedKernel.oldDriver(dir.resolve("proc"), 4096, 500);
        assertEquals(2064, SimulatedKernel.oldDriverCount(4096, 500, 3072 - 500),
                "the model: crediting the gap once leaves the count far below the target");
        MetricRegistry registry = new MetricRegistry();
        KernelMetrics metrics = new KernelMetrics(registry);
        try (KernelFeeder f = new KernelFeeder(k, connector, settings(1024, 3072, 8, false), KernelMode.WATERMARK,
                metrics)) {
            int credited = f.watermarkRound();
            int avail = k.entropyAvail();
            assertTrue(avail >= 3072 - 16 && avail <= 3072 + 8, "refilled to about the high watermark: " + avail);
            long counted = registry.counter(KernelMetrics.BITS_COUNTED).getCount();
            assertEquals(avail - 500, counted, "counted = how far entropy_avail rose");
            assertTrue(credited > 2 * counted, "credited " + credited + " overstates counted " + counted);
            assertEquals(credited / 8, host.bytesServed(), "fetched exactly what was credited");
            assertEquals(k.bitsCredited, credited);

            k.setAvail(1100);
            assertEquals(0, f.watermarkRound(), "above the low watermark nothing is fetched");
            assertEquals(counted, registry.counter(KernelMetrics.BITS_COUNTED).getCount());
        }
    }

    @Test
    void aLowWatermarkAboveThePoolFallsBackToModernAndAHighOneIsCapped() {
        WatermarkFit backport = WatermarkFit.check(KernelMode.WATERMARK, settings(3800, 4096, 8, false), 256);
        assertEquals(KernelMode.MODERN, backport.mode());
        assertTrue(backport.fellBack());
        assertTrue(backport.warning().startsWith("low-watermark 3800 exceeds the kernel's pool size of 256 bits"),
                backport.warning());
        WatermarkFit capped = WatermarkFit.check(KernelMode.WATERMARK, settings(1024, 8192, 8, false), 4096);
        assertEquals(KernelMode.WATERMARK, capped.mode());
        assertFalse(capped.fellBack());
        assertTrue(capped.warning().contains("refills stop at 4096"), capped.warning());
        assertNull(WatermarkFit.check(KernelMode.WATERMARK, settings(1024, 3072, 8, false), 4096).warning());
        assertNull(WatermarkFit.check(KernelMode.MODERN, settings(1024, 3072, 8, false), 256).warning());
    }

    @Test
    void creditIsLimitedByCreditBitsPerByte() throws Exception {
        SimulatedKernel k = new SimulatedKernel(dir.resolve("proc"), "4.18.0", 4096, 0, true);
        try (KernelFeeder f = new KernelFeeder(k, connector, settings(1024, 2048, 2, false), KernelMode.WATERMARK)) {
            f.watermarkRound();
            assertEquals(1024, k.bytesCredited, "2048 bits at 2 bits/byte");
            assertEquals(2048, k.bitsCredited);
        }
    }

    @Test
    void modernModeSeedsABootingKernelThenTopsUpAndReseeds() throws Exception {
        SimulatedKernel k = new SimulatedKernel(dir.resolve("proc"), "6.1.0-13-amd64", 256, 0, false);
        KernelMode mode = KernelInfo.resolve(KernelMode.AUTO, k, k.procRoot);
        assertEquals(KernelMode.MODERN, mode);
        try (KernelFeeder f = new KernelFeeder(k, connector, settings(1024, 3072, 8, true), mode)) {
            assertEquals(256, f.bootSeed());
            assertTrue(k.crngReady());
            assertEquals(0, f.bootSeed(), "a ready CRNG needs no boot seeding");
            assertEquals(64 * 8, f.topUp());
            assertEquals(1, k.reseeds);
            assertEquals(32 + 64, k.bytesCredited);
        }
    }

    @Test
    void watermarkWithZeroCreditFetchesNothing() throws Exception {
        SimulatedKernel k = new SimulatedKernel(dir.resolve("proc"), "4.18.0", 4096, 0, true);
        try (KernelFeeder f = new KernelFeeder(k, connector, settings(1024, 2048, 0, false), KernelMode.WATERMARK)) {
            assertEquals(0, f.watermarkRound());
            assertEquals(0, host.bytesServed());
        }
    }

    @Test
    void autoIsRejectedUnresolved() {
        assertThrows(IllegalArgumentException.class,
                () -> new KernelFeeder(null, connector, settings(1, 2, 8, false), KernelMode.AUTO));
    }

    private static int avail(SimulatedKernel k) {
        try {
            return k.entropyAvail();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void bootSeedingKeepsTryingUntilAHostAnswers() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki2"));
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        HostConnector late = new HostConnector(new UpstreamSettings(List.of(new UpstreamHost("127.0.0.1", port)),
                Duration.ofSeconds(1), Duration.ofMinutes(5)), TestClientTls.forClient(pki, "client-test"), group,
                NioSocketChannel.class, new MetricRegistry());
        late.start();
        SimulatedKernel k = new SimulatedKernel(dir.resolve("proc"), "6.1.0", 256, 0, false);
        FeedSettings s = new FeedSettings(KernelMode.MODERN, Duration.ofMinutes(10), 64, false, 1024, 3072,
                Duration.ofSeconds(1), 8, Duration.ofMillis(300));
        try (KernelFeeder f = new KernelFeeder(k, late, s, KernelMode.MODERN)) {
            f.start();
            Poll.until(Duration.ofSeconds(10), "boot seeding reported failing", f::isFailing);
            assertTrue(!k.crngReady());
            try (TestEgdHost h = TestEgdHost.start(pki, "rng-late", port)) {
                Poll.until(Duration.ofSeconds(30), "seeded once the host is up", k::crngReady);
                assertTrue(k.bitsCredited >= KernelFeeder.BOOT_SEED_BITS);
                Poll.until(Duration.ofSeconds(5), "recovery noticed", () -> !f.isFailing());
            }
        } finally {
            late.close();
        }
    }
}
