package org.entropyfleet.host.pool;

import java.util.concurrent.CompletableFuture;

/** A blocking take being filled; guarded by the pool's lock. Holds entropy, so no generated toString. */
final class Waiter {
    final String client;
    final byte[] buf;
    final CompletableFuture<byte[]> future;
    int filled;

    Waiter(String client, int count, CompletableFuture<byte[]> future) {
        this.client = client;
        this.buf = new byte[count];
        this.future = future;
    }

    int remaining() {
        return buf.length - filled;
    }

    /** Zeroes what was set aside, e.g. when the reader gave up. */
    void wipe() {
        java.util.Arrays.fill(buf, (byte) 0);
    }

    @Override
    public String toString() {
        return "Waiter[client=" + client + ", count=" + buf.length + ", filled=" + filled + "]";
    }
}
