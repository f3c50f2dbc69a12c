package org.entropyfleet.link.tls;

import com.codahale.metrics.MetricRegistry;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * Base of the tests that run a real {@link ServerTlsContext} over loopback: a fresh temporary directory
 * for the test PKI, the {@link LoopbackTls} fixture (servers, contexts and event loops closed after each
 * test) and the metrics the server under test counts its handshakes in.
 */
abstract class LoopbackServerTest {
    @TempDir
    Path dir;

    @AutoClose
    final LoopbackTls net = new LoopbackTls();

    /** The server's metrics: handshakes ok / failed by reason, reloads, dropped connections. */
    final MetricRegistry metrics = new MetricRegistry();
}
