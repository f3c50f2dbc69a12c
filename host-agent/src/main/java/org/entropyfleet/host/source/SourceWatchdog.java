package org.entropyfleet.host.source;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One timer thread that checks every source for a stall. A read blocked on a silent device cannot
 * notice its own silence, so someone else has to close it.
 */
public final class SourceWatchdog implements AutoCloseable {
    /** How often sources are checked; stall detection is accurate to about this much. */
    public static final long PERIOD_MILLIS = 100;

    private final List<StreamSource> sources = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "source-watchdog");
        t.setDaemon(true);
        return t;
    });

    public SourceWatchdog() {
        timer.scheduleWithFixedDelay(() -> {
            long now = System.nanoTime();
            for (StreamSource s : sources) {
                s.checkStall(now);
            }
        }, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    public void watch(StreamSource s) {
        sources.add(s);
    }

    public void unwatch(StreamSource s) {
        sources.remove(s);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
