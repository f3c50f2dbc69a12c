package org.entropyfleet.link.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves connection owners on its own thread: the socket tables grow with every socket on the
 * machine, too slow to read on an event loop. Connections that arrive together are resolved by one
 * read; at most {@link #MAX_PENDING} wait, so a connect flood costs one thread, not memory.
 */
final class UidLookups implements AutoCloseable {
    /** Lookups waiting for the thread; a connection arriving beyond this is refused. */
    static final int MAX_PENDING = 256;
    /** Passed to the callback when the owner is not in the table (the client end already closed). */
    static final int UNKNOWN = -1;
    private static final Logger LOG = LoggerFactory.getLogger(UidLookups.class);

    private record Lookup(TcpSocketOwners.Connection connection, IntConsumer done) {
    }

    private final TcpSocketOwners owners;
    private final BlockingQueue<Lookup> pending = new ArrayBlockingQueue<>(MAX_PENDING);
    private final Thread thread;
    private volatile boolean closed;
    private boolean failing;   // lookup thread only

    UidLookups(TcpSocketOwners owners, String name) {
        this.owners = owners;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues a lookup; {@code done} later gets the uid or {@link #UNKNOWN}, on the lookup thread.
     *
     * @return false when {@link #MAX_PENDING} lookups are already waiting (nothing will be called)
     */
    boolean submit(TcpSocketOwners.Connection connection, IntConsumer done) {
        return !closed && pending.offer(new Lookup(connection, done));
    }

    private void run() {
        List<Lookup> batch = new ArrayList<>();
        while (!closed) {
            try {
                batch.add(pending.take());
            } catch (InterruptedException e) {
                break;
            }
            pending.drainTo(batch);
            Map<TcpSocketOwners.Connection, Integer> found;
            try {
                found = owners.owners(batch.stream().map(Lookup::connection).toList());
                if (failing) {
                    failing = false;
                    LOG.info("event=socket-owner-lookup-recovered");
                }
            } catch (Exception e) {
                // Logged once per outage, not per connection: a local user can connect at will.
                if (!failing) {
                    failing = true;
                    LOG.warn("event=socket-owner-lookup-failed error=\"{}\" effect=\"TCP clients count as one user"
                            + " (uid -1) until the socket table can be read\"", e.toString());
                }
                found = Map.of();
            }
            for (Lookup l : batch) {
                try {
                    l.done().accept(found.getOrDefault(l.connection(), UNKNOWN));
                } catch (RuntimeException e) {
                    // e.g. the event loop is shutting down; the other connections still get theirs
                    LOG.debug("event=socket-owner-callback-failed error=\"{}\"", e.toString());
                }
            }
            batch.clear();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
