package org.entropyfleet.host.pool;

/** Token bucket in bytes; guarded by the pool's lock, so not thread-safe by itself. */
final class TokenBucket {
    private Quota quota;
    private double tokens;
    private long lastNanos;

    TokenBucket(Quota quota, long nowNanos) {
        this.quota = quota;
        this.tokens = quota.burst();
        this.lastNanos = nowNanos;
    }

    void setQuota(Quota q) {
        this.quota = q;
        tokens = Math.min(tokens, q.burst());
    }

    long available(long nowNanos) {
        refill(nowNanos);
        return (long) tokens;
    }

    void consume(long n) {
        tokens -= n;
    }

    boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= quota.burst();
    }

    /** Nanoseconds until at least {@code n} whole tokens are available. */
    long nanosUntil(long n, long nowNanos) {
        refill(nowNanos);
        double missing = Math.min(n, quota.burst()) - tokens;
        if (missing <= 0) {
            return 0;
        }
        return (long) Math.ceil(missing * 1e9 / quota.bytesPerSecond());
    }

    private void refill(long nowNanos) {
        long dt = nowNanos - lastNanos;
        if (dt > 0) {
            tokens = Math.min(quota.burst(), tokens + dt * quota.bytesPerSecond() / 1e9);
            lastNanos = nowNanos;
        }
    }
}
