package org.entropyfleet.link.egd;

import java.util.ArrayDeque;

/**
 * The requests a client has sent and not yet had answered, oldest first. EGD replies carry no
 * command byte and a 0x02 reply has no length, so the only way to frame a reply is to know which
 * request it answers. Bounded by {@link EgdLimits#MAX_OUTSTANDING_REQUESTS}; touched only on the
 * channel's event loop.
 */
final class OutstandingRequests {
    private final ArrayDeque<EgdRequest> queue = new ArrayDeque<>();
    private final int capacity;

    OutstandingRequests(int capacity) {
        this.capacity = capacity;
    }

    void add(EgdRequest request) {
        if (queue.size() >= capacity) {
            throw new IllegalStateException(
                    "more than " + capacity + " EGD requests outstanding; read replies before sending more");
        }
        queue.addLast(request);
    }

    EgdRequest peek() {
        return queue.peekFirst();
    }

    void remove() {
        queue.removeFirst();
    }

    int size() {
        return queue.size();
    }
}
