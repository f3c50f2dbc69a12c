package org.entropyfleet.host.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.codahale.metrics.MetricRegistry;
import java.util.concurrent.CompletableFuture;
import org.entropyfleet.host.pool.EntropyPool;
import org.junit.jupiter.api.Test;

class PoolBackendTest {
    @Test
    void aReadItsConnectionAbandonedLeavesThePoolAndIsNotCountedServed() {
        MetricRegistry metrics = new MetricRegistry();
        try (EntropyPool pool = new EntropyPool(1024, null, metrics)) {
            PoolBackend backend = new PoolBackend(pool, null, metrics);
            CompletableFuture<byte[]> reply = backend.take(null, 64);
            pool.offer(new byte[32], 0, 32);
            assertEquals(1, pool.waiting());
            reply.cancel(false);   // what EgdServerHandler does on a read timeout or a close
            assertEquals(0, pool.waiting(), "the pool no longer fills the abandoned read");
            assertEquals(32, pool.available(), "its bytes are anyone's again");
            pool.offer(new byte[64], 0, 64);
            assertEquals(96, pool.available());
            assertEquals(0, metrics.counter("host.serve.bytes-served").getCount());
        }
    }
    @Test
    void aRunServedAtOnceCountsItsBytesAndEveryRead() {
        MetricRegistry metrics = new MetricRegistry();
        try (EntropyPool pool = new EntropyPool(4096, null, metrics)) {
            PoolBackend backend = new PoolBackend(pool, null, metrics);
            pool.offer(new byte[2048 + 10], 0, 2048 + 10);
            assertEquals(2048, backend.takeAtOnce(null, 2048, 64).length);
            assertNull(backend.takeAtOnce(null, 64, 2), "10 bytes left: nothing");
            assertEquals(10, pool.available());
            assertEquals(2048, metrics.counter("host.serve.bytes-served").getCount());
            assertEquals(64, metrics.timer(ReadLatency.NAME).getCount(), "64 reads served without waiting");
        }
    }
}
