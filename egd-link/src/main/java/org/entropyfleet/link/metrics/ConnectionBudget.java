package org.entropyfleet.link.metrics;

import io.netty.channel.Channel;
import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * The open connections of one metrics server, ordered by when their current exchange began (accept,
 * or the end of the previous response). When the budget is full a newcomer is admitted and the
 * connection at the head is shed: it has waited longest for a request, so it is the idle or
 * slow-loris one, while a health check's exchange lasts milliseconds. Refusing the newcomer instead
 * would let whoever holds the slots keep {@code /healthz} out.
 *
 * <p>Shared by the server's channels, which may sit on different event loops: hence the lock. Every
 * operation is O(1).
 */
final class ConnectionBudget {
    private final int max;
    private final LinkedHashSet<Channel> byAge = new LinkedHashSet<>();

    ConnectionBudget(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be ≥ 1");
        }
        this.max = max;
    }

    /** Admits {@code ch}; returns the connection to shed to make room for it, or null. */
    synchronized Channel admit(Channel ch) {
        Channel shed = null;
        if (byAge.size() >= max) {
            Iterator<Channel> oldest = byAge.iterator();
            shed = oldest.next();
            oldest.remove();
        }
        byAge.add(ch);
        return shed;
    }

    /** {@code ch} starts a new exchange: it becomes the youngest. */
    synchronized void renew(Channel ch) {
        if (byAge.remove(ch)) {
            byAge.add(ch);
        }
    }

    synchronized void release(Channel ch) {
        byAge.remove(ch);
    }

    synchronized int open() {
        return byAge.size();
    }
}
