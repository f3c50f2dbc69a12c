package org.entropyfleet.host.pool;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The per-client token buckets of an {@link EntropyPool}; guarded by the pool's lock. At most
 * {@link #MAX_TRACKED_CLIENTS} buckets are kept: forgetting the least recently used one only gives that
 * client a fresh burst, and a client with reads waiting is never forgotten.
 */
final class ClientQuotas {
    static final int MAX_TRACKED_CLIENTS = 4096;

    private final Map<String, TokenBucket> buckets = new LinkedHashMap<>(16, 0.75f, true);
    private final Predicate<String> pinned;
    private Quota quota;   // null = unlimited

    ClientQuotas(Quota quota, Predicate<String> pinned) {
        this.quota = quota;
        this.pinned = pinned;
    }

    boolean limited() {
        return quota != null;
    }

    /** New limits keep each bucket's level (capped at the new burst); null lifts all limits. */
    void set(Quota q) {
        quota = q;
        if (q == null) {
            buckets.clear();
        } else {
            buckets.values().forEach(b -> b.setQuota(q));
        }
    }

    long allowance(String client, long now) {
        return quota == null ? Long.MAX_VALUE : bucket(client, now).available(now);
    }

    void consume(String client, long n) {
        if (quota != null) {
            bucket(client, System.nanoTime()).consume(n);
        }
    }

    /** Nanoseconds until the client may take {@code n} bytes (0 if unlimited). */
    long nanosUntil(String client, long n, long now) {
        return quota == null ? 0 : bucket(client, now).nanosUntil(n, now);
    }

    private TokenBucket bucket(String client, long now) {
        TokenBucket b = buckets.get(client);
        if (b == null) {
            var it = buckets.keySet().iterator();
            while (it.hasNext() && buckets.size() >= MAX_TRACKED_CLIENTS) {
                if (!pinned.test(it.next())) {
                    it.remove();
                }
            }
            b = new TokenBucket(quota, now);
            buckets.put(client, b);
        }
        return b;
    }
}
