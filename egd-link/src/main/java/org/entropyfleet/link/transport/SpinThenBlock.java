package org.entropyfleet.link.transport;

import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.util.IntSupplier;

/**
 * An event loop's wait policy: after it has handled I/O or tasks, it polls (non-blocking
 * {@code epoll_wait}) for up to {@code spinNanos} before it blocks. A client pipelining requests, or
 * answering within microseconds, then finds the loop awake: no context switch and no wake-up on
 * either side of the exchange, which on a VM cost more than the request itself. A loop with nothing
 * to do stops polling after {@code spinNanos} and blocks as usual, so an idle agent costs nothing.
 * One instance per event loop (the factory makes one per loop).
 */
final class SpinThenBlock implements SelectStrategy {
    private final long spinNanos;

    private SpinThenBlock(long spinNanos) {
        this.spinNanos = spinNanos;
    }

    static SelectStrategyFactory factory(long spinNanos) {
        return () -> new SpinThenBlock(spinNanos);
    }

    @Override
    public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
        int ready = selectNow.get();
        if (ready != 0 || hasTasks) {
            return ready;
        }
        // Called right after the loop handled something: keep polling for a short while before blocking.
        long deadline = System.nanoTime() + spinNanos;
        do {
            Thread.onSpinWait();
            ready = selectNow.get();
            if (ready != 0) {
                return ready;
            }
        } while (System.nanoTime() - deadline < 0);
        return SelectStrategy.SELECT;
    }
}
