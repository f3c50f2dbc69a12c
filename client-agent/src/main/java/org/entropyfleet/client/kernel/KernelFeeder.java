package org.entropyfleet.client.kernel;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the kernel from an {@link EntropySource} in the resolved {@link KernelMode}.
 *
 * <p>Runs on one thread of its own: fetches wait for the network and ioctls are system calls, so
 * neither may run on an event loop. Every round is a public method so tests can drive it.
 */
public final class KernelFeeder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KernelFeeder.class);

    /** Credit the kernel needs before its CRNG initialises. */
    public static final int BOOT_SEED_BITS = 256;
    /** Bytes per boot-seeding fetch: one CRNG seed's worth at 8 bits/byte. */
    static final int BOOT_SEED_CHUNK = 32;
    /** Upper bound on boot seeding, in case the kernel never reports ready. */
    static final int MAX_BOOT_SEED_BYTES = 4096;
    /** Pause between boot-seeding attempts while no host answers. */
    static final java.time.Duration BOOT_SEED_RETRY = java.time.Duration.ofSeconds(2);
    /** Upper bound on one watermark refill (a 4096-bit pool at 1 bit/byte). */
    static final int MAX_REFILL_BYTES = 4096;

    private final KernelRandom kernel;
    private final EntropySource source;
    private final FeedSettings settings;
    private final KernelMode mode;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile ScheduledExecutorService executor;
    /** Touched only on the feeder thread. */
    private boolean failing;
    private volatile boolean failingSeen;

    /** {@code mode} is the resolved mode (never AUTO). */
    public KernelFeeder(KernelRandom kernel, EntropySource source, FeedSettings settings, KernelMode mode) {
        if (mode == KernelMode.AUTO) {
            throw new IllegalArgumentException("resolve AUTO first");
        }
        this.kernel = kernel;
        this.source = source;
        this.settings = settings;
        this.mode = mode;
    }

    public KernelMode mode() {
        return mode;
    }

    public void start() {
        if (mode == KernelMode.OFF || !started.compareAndSet(false, true)) {
            return;
        }
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kernel-feeder");
            t.setDaemon(true);
            return t;
        });
        executor = ex;
        LOG.info("event=kernel-feeder-start mode={}", mode.configName());
        if (mode == KernelMode.MODERN) {
            ex.execute(this::guardedBootSeed);
            long ms = settings.topUpInterval().toMillis();
            ex.scheduleWithFixedDelay(this::guardedTopUp, ms, ms, TimeUnit.MILLISECONDS);
        } else {
            long ms = settings.pollInterval().toMillis();
            ex.scheduleWithFixedDelay(this::guardedWatermark, 0, ms, TimeUnit.MILLISECONDS);
        }
    }

    private void guardedBootSeed() {
        try {
            bootSeed();
            succeeded();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failed("boot-seed", e);
            ScheduledExecutorService ex = executor;
            if (!kernel.crngReady() && ex != null && !ex.isShutdown()) {
                // hosts unreachable early at boot (network not up yet): keep trying until seeded
                ex.schedule(this::guardedBootSeed, BOOT_SEED_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void guardedTopUp() {
        try {
            topUp();
            succeeded();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failed("top-up", e);
        }
    }

    private void guardedWatermark() {
        try {
            watermarkRound();
            succeeded();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failed("refill", e);
        }
    }

    /** One WARN when feeding starts failing (hosts down), DEBUG while it stays so, INFO when it recovers. */
    private void failed(String what, Exception e) {
        if (!failing) {
            failing = true;
            failingSeen = true;
            LOG.warn("event=kernel-feed-failing step={} reason=\"{}\"", what, e.getMessage());
        } else {
            LOG.debug("event=kernel-feed-failed step={} reason=\"{}\"", what, e.getMessage());
        }
    }

    /** Whether the last round failed (for status and tests); read from any thread. */
    public boolean isFailing() {
        return failingSeen;
    }

    private void succeeded() {
        if (failing) {
            failing = false;
            failingSeen = false;
            LOG.info("event=kernel-feed-recovered");
        }
    }

    /**
     * Modern mode at start: while the CRNG is not ready, credit bytes as fast as the link delivers
     * until at least {@link #BOOT_SEED_BITS} are credited and the kernel reports ready.
     *
     * @return bits credited
     */
    public int bootSeed() throws IOException, InterruptedException, TimeoutException {
        if (kernel.crngReady()) {
            return 0;
        }
        LOG.info("event=boot-seed-start reason=\"CRNG not ready\"");
        int credited = 0;
        int fed = 0;
        while (fed < MAX_BOOT_SEED_BYTES && !(credited >= BOOT_SEED_BITS && kernel.crngReady())) {
            int bits = feed(BOOT_SEED_CHUNK);
            if (bits < 0) {
                LOG.warn("event=boot-seed-stopped reason=\"kernel refused credit\"");
                return credited;
            }
            credited += bits;
            fed += BOOT_SEED_CHUNK;
        }
        LOG.info("event=boot-seed-done bits={} crng-ready={}", credited, kernel.crngReady());
        return credited;
    }

    /** Modern mode, every top-up-interval: add top-up-bytes with credit, then reseed if configured. */
    public int topUp() throws IOException, InterruptedException, TimeoutException {
        int bits = feed(settings.topUpBytes());
        if (settings.reseed()) {
            kernel.reseed();
        }
        return Math.max(bits, 0);
    }

    /**
     * Watermark mode, every poll-interval: if entropy_avail is below low-watermark, refill to
     * high-watermark (capped at poolsize).
     *
     * @return bits credited this round
     */
    public int watermarkRound() throws IOException, InterruptedException, TimeoutException {
        int avail = kernel.entropyAvail();
        if (avail >= settings.lowWatermark()) {
            return 0;
        }
        int target = Math.min(settings.highWatermark(), kernel.poolSize());
        int needBits = target - avail;
        if (needBits <= 0) {
            return 0;
        }
        int perByte = Math.max(1, settings.creditBitsPerByte());
        int bytes = Math.min(MAX_REFILL_BYTES, (needBits + perByte - 1) / perByte);
        LOG.debug("event=refill avail={} target={} bytes={}", avail, target, bytes);
        return Math.max(feed(bytes), 0);
    }

    /** Fetches and credits {@code bytes}; returns bits credited, or -1 if the kernel took them uncredited. */
    private int feed(int bytes) throws IOException, InterruptedException, TimeoutException {
        byte[] data = fetch(bytes);
        try {
            int bits = data.length * settings.creditBitsPerByte();
            return kernel.addEntropy(data, bits) ? bits : -1;
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    private byte[] fetch(int bytes) throws IOException, InterruptedException, TimeoutException {
        var future = source.fetch(bytes);
        try {
            return future.get(settings.fetchTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            // late bytes are wiped, never left lying around
            future.cancel(false);
            future.thenAccept(b -> Arrays.fill(b, (byte) 0));
            throw e;
        } catch (ExecutionException e) {
            throw new IOException("fetch of " + bytes + " bytes failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public void close() {
        ScheduledExecutorService ex = executor;
        if (ex != null) {
            ex.shutdownNow();
            try {
                ex.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
