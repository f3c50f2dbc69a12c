package org.entropyfleet.host.admission;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Authenticated connections, in all and per certificate identity. A new connection over either cap is
 * refused; connections already admitted are never dropped to make room (a QEMU rng-egd backend that
 * was idle for a day must not lose its connection to a newcomer).
 */
final class IdentityConnections {
    private final int max;
    private final int perIdentity;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> byIdentity = new ConcurrentHashMap<>();

    IdentityConnections(int max, int perIdentity) {
        this.max = max;
        this.perIdentity = perIdentity;
    }

    /** Cheap check at accept time, before any TLS work: no room at all. */
    boolean full() {
        return open.get() >= max;
    }

    /** Takes a slot for {@code identity}, or returns why not. */
    Refusal admit(String identity) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            return Refusal.MAX_CONNECTIONS;
        }
        boolean[] over = new boolean[1];
        byIdentity.compute(identity, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= perIdentity) {
                over[0] = true;
                return n;
            }
            return now + 1;
        });
        if (over[0]) {
            open.decrementAndGet();
            return Refusal.PER_IDENTITY;
        }
        return null;
    }

    void release(String identity) {
        byIdentity.computeIfPresent(identity, (k, n) -> n <= 1 ? null : n - 1);
        open.decrementAndGet();
    }

    int open() {
        return open.get();
    }

    int identities() {
        return byIdentity.size();
    }
}
