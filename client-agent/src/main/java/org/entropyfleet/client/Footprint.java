package org.entropyfleet.client;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's one explicit GC and native heap trim, {@link #SETTLE_AFTER} after start. Why: start-up (config parsing,
 * TLS set-up, class loading) leaves MBs of garbage and the throw-away config loader's classes behind,
 * and the running agent allocates so little that the serial collector might not run a full GC for
 * hours. {@code System.gc()} unloads the config loader's classes (their metaspace is uncommitted) and
 * lets the serial collector shrink the heap down to {@code -XX:MaxHeapFreeRatio}; glibc keeps the
 * freed native memory (symbols, class metadata malloc'd by the JVM) until {@code malloc_trim} hands
 * it back. Measured by FootprintBenchmark: see client-agent/README.md "Footprint".
 */
final class Footprint {
    private static final Logger LOG = LoggerFactory.getLogger(Footprint.class);
    /**
     * Start-up is over by then (connect + handshake take ~1 s): settling any earlier leaves the first
     * handshake's garbage and malloc'd memory behind (measured: 1.2 MB more RSS).
     */
    static final Duration SETTLE_AFTER = Duration.ofSeconds(10);

    private Footprint() {
    }

    static void settle() {
        System.gc();
        try {
            Glibc.malloc_trim(new NativeLong(0));
        } catch (LinkageError e) {
            // not glibc (e.g. musl): nothing to trim this way
            LOG.debug("event=malloc-trim-unavailable reason=\"{}\"", e.toString());
        }
    }

    /** glibc's malloc_trim by JNA direct mapping; loaded only when settle() runs. */
    private static final class Glibc {
        static {
            org.entropyfleet.client.kernel.JnaSearchPath.set();
            Native.register("c");
        }

        private Glibc() {
        }

        static native int malloc_trim(NativeLong pad);
    }
}
