package org.entropyfleet.host.pool;

import java.util.ArrayDeque;

/**
 * One client's blocking takes, oldest first, and the bytes it may still take in its round-robin turns
 * ({@link FairWaiters}' deficit). Guarded by the pool's lock.
 */
final class ClientReads {
    final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    /** Bytes earned in turns and not yet taken: a read is filled once this covers it. */
    int credit;
}
