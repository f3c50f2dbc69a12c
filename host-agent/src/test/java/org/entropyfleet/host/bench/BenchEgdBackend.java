package org.entropyfleet.host.bench;

import java.io.IOException;
import java.security.SecureRandom;
import org.entropyfleet.host.testutil.ThreadPerConnectionEgdServer;

/**
 * The minimal EGD backend stunnel fronts in {@link HostBench}: thread per connection (like ekeyd),
 * answering 0x00/0x01/0x02/0x04 from one block of random bytes made at start-up. A benchmark stand-in
 * for a hardware daemon, deliberately cheap so the figures are stunnel's, not the backend's; never
 * use it as an entropy source.
 */
final class BenchEgdBackend implements AutoCloseable {
    /** Stack per connection thread: small, so the idle-memory run measures stunnel, not us. */
    static final long CONNECTION_STACK_BYTES = 256 * 1024;

    private final byte[] block = new byte[256];
    private final ThreadPerConnectionEgdServer server;

    BenchEgdBackend() throws IOException {
        new SecureRandom().nextBytes(block);
        server = new ThreadPerConnectionEgdServer("bench-egd", CONNECTION_STACK_BYTES,
                (out, n) -> out.write(block, 0, n), () -> { });
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
