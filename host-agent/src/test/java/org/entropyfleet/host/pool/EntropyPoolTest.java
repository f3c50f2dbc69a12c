package org.entropyfleet.host.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EntropyPoolTest {
    private static byte[] block(long id) {
        // unique, recognisable 32-byte blocks so duplicates and corruption are both detectable
        return ByteBuffer.allocate(32).putLong(id).putLong(~id).putLong(id * 31).putLong(0x5eed_0000_0000L ^ id).array();
    }

    @Test
    void takeRemovesAndAvailableBitsIsBytesTimesEight() {
        try (EntropyPool pool = new EntropyPool(1024, null, new MetricRegistry())) {
            assertEquals(1024, pool.offer(new byte[2000], 0, 2000));
            assertEquals(1024 * 8L, pool.availableBits());
            assertEquals(100, pool.takeNow("a", 100).length);
            assertEquals(924, pool.available());
            assertEquals(924, pool.takeNow("a", 2000).length);
            assertEquals(0, pool.takeNow("a", 10).length);
        }
    }

    @Test
    void bytesComeOutInOrderExactlyOnce() {
        try (EntropyPool pool = new EntropyPool(256, null, new MetricRegistry())) {
            for (long id = 0; id < 100; id++) {
                pool.offer(block(id), 0, 32);
                assertEquals(HexFormat.of().formatHex(block(id)), HexFormat.of().formatHex(pool.takeNow("x", 32)));
            }
        }
    }

    @Test
    void takeServesAtOnceOnlyWhatNeedsNoWaitingAndNeverCutsTheQueue() {
        try (EntropyPool pool = filledWithQuota(); EntropyPool short1 = filledWithQuota(); EntropyPool short2 = filledWithQuota()) {
            CompletableFuture<byte[]> first = pool.take("a", 32);
            assertTrue(first.isDone(), "pool and quota cover it: served in place");
            assertEquals(HexFormat.of().formatHex(block(1)), HexFormat.of().formatHex(first.getNow(null)));
            CompletableFuture<byte[]> waiting = pool.take("b", 512);   // b gets its burst of 256, then waits on its quota
            assertFalse(waiting.isDone());
            assertEquals(352 - 256, pool.available());
            assertFalse(pool.take("b", 1).isDone(), "b's next read queues behind its first");
            assertTrue(pool.take("c", 1).isDone(), "c gets its round-robin turn while b waits on its quota");
            assertEquals(352 - 256 - 1, pool.available());
            assertFalse(waiting.isDone());

            short1.take("a", 32);
            assertFalse(short1.take("a", 256).isDone(), "past a's quota (burst 256, 32 used)");
            assertFalse(short2.take("c", 1024).isDone(), "more than the pool holds");
        }
    }

    @Test
    void takeAtOnceIsAllOrNothingAndNeverCutsTheQueue() {
        try (EntropyPool pool = filledWithQuota(); EntropyPool queued = filledWithQuota()) {
            byte[] two = pool.takeAtOnce("a", 64);
            assertEquals(HexFormat.of().formatHex(block(1)) + HexFormat.of().formatHex(block(2)), HexFormat.of().formatHex(two));
            assertEquals(null, pool.takeAtOnce("a", 256), "past a's quota (burst 256, 64 used): nothing");
            assertEquals(384 - 64, pool.available(), "and nothing taken");
            assertEquals(null, pool.takeAtOnce("b", 385), "more than the pool holds: nothing");
            assertEquals(384 - 64, pool.available());
            assertEquals(HexFormat.of().formatHex(block(3)), HexFormat.of().formatHex(pool.takeAtOnce("b", 32)));

            assertFalse(queued.take("b", 512).isDone(), "b waits on its quota");
            assertEquals(null, queued.takeAtOnce("c", 1), "a reader is queued: no run cuts in");
        }
    }

    private static EntropyPool filledWithQuota() {
        EntropyPool pool = new EntropyPool(1024, new Quota(1, 256), new MetricRegistry());
        for (long id = 1; id <= 12; id++) {
            pool.offer(block(id), 0, 32);
        }
        return pool;
    }

    @Test
    void blockingTakeCompletesWhenBytesArrive() throws Exception {
        try (EntropyPool pool = new EntropyPool(1024, null, new MetricRegistry())) {
            CompletableFuture<byte[]> f = pool.take("c", 100);
            pool.offer(new byte[60], 0, 60);
            assertFalse(f.isDone());
            pool.offer(new byte[60], 0, 60);
            assertEquals(100, f.get(5, TimeUnit.SECONDS).length);
            assertEquals(20, pool.available());
        }
    }

    @Test
    void anAbandonedReadsBytesGoToTheNextReaderOnce() {
        MetricRegistry metrics = new MetricRegistry();
        try (EntropyPool pool = new EntropyPool(1024, new Quota(1, 256), metrics)) {
            CompletableFuture<byte[]> gone = pool.take("gone", 512);
            for (long id = 1; id <= 8; id++) {   // set aside for "gone" as far as its quota (burst 256) allows
                pool.offer(block(id), 0, 32);
            }
            assertEquals(0, pool.available());
            gone.cancel(false);                    // its connection timed out: the blocks were never sent
            assertEquals(256, metrics.counter("host.pool.bytes-returned").getCount());
            assertEquals(0, metrics.counter("host.pool.bytes-discarded").getCount());
            assertEquals(0, pool.waiting());
            assertEquals(HexFormat.of().formatHex(block(1)) + HexFormat.of().formatHex(block(2)),
                    HexFormat.of().formatHex(pool.takeNow("next", 64)));
            assertEquals(192, pool.takeNow("next", 255).length);
            pool.offer(new byte[50], 0, 50);
            assertEquals(50, pool.available(), "a cancelled read takes nothing more");
        }
    }

    @Test
    void scarceBytesCompleteWholeReadsInsteadOfSpreadingThin() {
        try (EntropyPool pool = new EntropyPool(4096, null, new MetricRegistry())) {
            List<CompletableFuture<byte[]>> reads = new ArrayList<>();
            for (int c = 0; c < 100; c++) {
                reads.add(pool.take("client-" + c, 255));
            }
            for (int i = 0; i < 40; i++) {   // 10 reads' worth, 64 bytes at a time
                pool.offer(new byte[64], 0, 64);
            }
            long done = reads.stream().filter(CompletableFuture::isDone).count();
            assertTrue(done >= 9, "a 32-byte share per client per turn would have completed none; completed " + done);
        }
    }

    @Test
    void putBackBytesAreWipedFromTheCallersArrayAndServedOnce() {
        MetricRegistry metrics = new MetricRegistry();
        try (EntropyPool pool = new EntropyPool(256, null, metrics)) {
            pool.offer(new byte[250], 0, 250);
            byte[] unsent = block(7);
            pool.putBack(unsent);
            assertEquals(HexFormat.of().formatHex(new byte[32]), HexFormat.of().formatHex(unsent));
            assertEquals(6, metrics.counter("host.pool.bytes-returned").getCount(), "what fits goes back");
            assertEquals(26, metrics.counter("host.pool.bytes-discarded").getCount(), "the rest is wiped, counted");
            assertEquals(256, pool.takeNow("x", 255).length + pool.takeNow("x", 255).length);
        }
    }

    @Test
    void manyThreadsNeverSeeTheSame32ByteBlockTwice() throws Exception {
        int producers = 3;
        int consumers = 6;
        int perProducer = 4000;
        int total = producers * perProducer;
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong taken = new AtomicLong();
        ExecutorService ex = Executors.newFixedThreadPool(producers + consumers);
        try (EntropyPool pool = new EntropyPool(32 * 64, null, new MetricRegistry())) {
            List<Future<?>> jobs = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                long base = (long) p * perProducer;
                jobs.add(ex.submit(() -> {
                    for (long i = 0; i < perProducer; i++) {
                        pool.put(block(base + i), 0, 32);
                    }
                    return null;
                }));
            }
            for (int c = 0; c < consumers; c++) {
                String client = "client-" + c;
                jobs.add(ex.submit(() -> {
                    while (taken.get() < total) {
                        long claim = taken.incrementAndGet();
                        if (claim > total) {
                            break;
                        }
                        byte[] b = pool.take(client, 32).get(30, TimeUnit.SECONDS);
                        if (!seen.add(HexFormat.of().formatHex(b))) {
                            duplicates.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> j : jobs) {
                j.get(60, TimeUnit.SECONDS);
            }
        } finally {
            ex.shutdownNow();
        }
        assertEquals(0, duplicates.get());
        assertEquals(total, seen.size());
        Set<String> produced = ConcurrentHashMap.newKeySet();
        for (long id = 0; id < total; id++) {
            produced.add(HexFormat.of().formatHex(block(id)));
        }
        assertEquals(produced, seen, "every block handed out intact");
    }

    @Test
    void greedyClientCannotStarveAnother() throws Exception {
        try (EntropyPool pool = new EntropyPool(4096, null, new MetricRegistry())) {
            List<CompletableFuture<byte[]>> greedy = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                greedy.add(pool.take("greedy", 255));
            }
            CompletableFuture<byte[]> modest = pool.take("modest", 64);
            // trickle: 64 bytes at a time; round-robin must serve "modest" within a few trickles
            int trickles = 0;
            while (!modest.isDone() && trickles < 1000) {
                pool.offer(new byte[64], 0, 64);
                trickles++;
            }
            assertTrue(modest.isDone());
            assertTrue(trickles <= 3, "modest client waited " + trickles + " trickles");
            long greedyDone = greedy.stream().filter(CompletableFuture::isDone).count();
            assertTrue(greedyDone < 50);
        }
    }

    @Test
    void quotaCapsAClientButNotOthers() throws Exception {
        try (EntropyPool pool = new EntropyPool(16384, new Quota(1000, 512), new MetricRegistry())) {
            pool.offer(new byte[16384], 0, 16384);
            int got = 0;
            for (int i = 0; i < 10; i++) {
                got += pool.takeNow("limited", 255).length;
            }
            assertTrue(got >= 512 && got < 600, "burst then trickle, got " + got);
            assertEquals(255, pool.takeNow("other", 255).length, "other clients have their own bucket");
            long start = System.nanoTime();
            byte[] b = pool.take("limited", 255).get(10, TimeUnit.SECONDS);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(255, b.length);
            assertTrue(ms >= 150, "a blocking take waits for the bucket to refill, waited " + ms + " ms");
        }
    }

    @Test
    void putBlocksWhileFullAndResumesWhenTaken() throws Exception {
        try (EntropyPool pool = new EntropyPool(256, null, new MetricRegistry())) {
            pool.offer(new byte[256], 0, 256);
            CompletableFuture<Void> putter = CompletableFuture.runAsync(() -> {
                try {
                    pool.put(new byte[100], 0, 100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertFalse(putter.isDone());
            pool.takeNow("x", 150);
            putter.get(5, TimeUnit.SECONDS);
            assertEquals(206, pool.available());
        }
    }
}
