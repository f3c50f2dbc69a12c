package org.entropyfleet.host.testutil;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal real EGD TCP server (like ekeyd's), thread per connection, answering from SecureRandom.
 * Used as an upstream for the host-agent; counts connections and bytes served for the tests.
 */
public final class TinyEgdServer implements AutoCloseable {
    private final SecureRandom rnd = new SecureRandom();
    public final AtomicLong bytesServed = new AtomicLong();
    public final AtomicLong connections = new AtomicLong();
    private final ThreadPerConnectionEgdServer server;

    public TinyEgdServer() throws IOException {
        server = new ThreadPerConnectionEgdServer("tiny-egd", 0, (out, n) -> out.write(random(n)),
                connections::incrementAndGet);
    }

    public int port() {
        return server.port();
    }

    private byte[] random(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        bytesServed.addAndGet(n);
        return b;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
