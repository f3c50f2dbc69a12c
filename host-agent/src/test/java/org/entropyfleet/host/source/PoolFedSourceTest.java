package org.entropyfleet.host.source;

import com.codahale.metrics.MetricRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.entropyfleet.host.pool.EntropyPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base for source tests: each test's sources feed a real pool under a real watchdog, both closed
 * after the test. Subclasses that own more resources override {@link #tearDown()} and call super first.
 */
abstract class PoolFedSourceTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    /** Pool capacity: room for everything a test gathers, so sources never block on a full pool. */
    static final int POOL_BYTES = 1 << 20;

    @TempDir
    Path dir;
    final MetricRegistry metrics = new MetricRegistry();
    final EntropyPool pool = new EntropyPool(POOL_BYTES, null, metrics);
    final SourceWatchdog watchdog = new SourceWatchdog();

    @AfterEach
    void tearDown() {
        watchdog.close();
        pool.close();
    }
}
