package org.entropyfleet.client.kernel;

import com.codahale.metrics.MetricRegistry;
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
 *
 * <p>Watermark refills are sized from the count the kernel reports, re-read after each credit: kernels
 * without the 2022 driver raise {@code entropy_avail} by less than the bits credited (asymptotically,
 * about ¾ × (pool − count)/pool per bit), so one refill of "target − count" bits falls short and is
 * followed by smaller ones, each never more than the remaining gap — nothing is fetched that the
 * kernel would not count. What the kernel counted is kept apart from what was credited.
 *
 * <p>For {@code status} the feeder publishes when it last fed the kernel and when it will next
 * ({@link #registerGauges}), as epoch seconds: {@value #LAST_FEED}, {@value #NEXT_FEED},
 * {@value #LAST_RESEED}, {@value #CRNG_READY}, {@value #CRNG_READY_SINCE} (0 when the CRNG was ready
 * before the agent started), and in watermark mode {@value #ENTROPY_AVAIL} (as last read),
 * {@value #POOL_SIZE} and the watermarks.
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
    /** Upper bound on credit-and-re-read steps in one refill; the next poll goes on from there. */
    static final int MAX_REFILL_STEPS = 32;

    public static final String LAST_FEED = "kernel.last-feed-seconds";
    public static final String NEXT_FEED = "kernel.next-feed-seconds";
    public static final String LAST_RESEED = "kernel.last-reseed-seconds";
    public static final String CRNG_READY = "kernel.crng-ready";
    public static final String CRNG_READY_SINCE = "kernel.crng-ready-since-seconds";
    public static final String ENTROPY_AVAIL = "kernel.entropy-avail";
    public static final String POOL_SIZE = "kernel.poolsize";
    public static final String LOW_WATERMARK = "kernel.low-watermark";
    public static final String HIGH_WATERMARK = "kernel.high-watermark";

    private final KernelRandom kernel;
    private final EntropySource source;
    private final FeedSettings settings;
    private final KernelMode mode;
    private final KernelMetrics metrics;
    private final FeedTimes times = new FeedTimes();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile ScheduledExecutorService executor;
    /** Touched only on the feeder thread. */
    private boolean failing;
    private volatile boolean failingSeen;
    private boolean zeroCreditWarned;

    /** {@code mode} is the resolved mode (never AUTO). */
    public KernelFeeder(KernelRandom kernel, EntropySource source, FeedSettings settings, KernelMode mode) {
        this(kernel, source, settings, mode, new KernelMetrics(new MetricRegistry()));
    }

    /** As above, counting what the kernel counted into {@code metrics}. */
    public KernelFeeder(KernelRandom kernel, EntropySource source, FeedSettings settings, KernelMode mode,
                        KernelMetrics metrics) {
        this.metrics = metrics;
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

    /** The gauges {@code status} reads (see the class comment); cheap: fields, and one getrandom byte. */
    public void registerGauges(MetricRegistry registry) {
        times.register(registry, kernel, mode, settings);
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
            times.nextFeedIn(settings.topUpInterval());
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
            times.nextFeedIn(settings.topUpInterval());
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
        boolean ready = kernel.crngReady();
        if (ready) {
            times.crngReadyNow();
        }
        LOG.info("event=boot-seed-done bits={} crng-ready={}", credited, ready);
        return credited;
    }

    /** Modern mode, every top-up-interval: add top-up-bytes with credit, then reseed if configured. */
    public int topUp() throws IOException, InterruptedException, TimeoutException {
        int bits = feed(settings.topUpBytes());
        if (settings.reseed()) {
            kernel.reseed();
            times.reseeded();
        }
        return Math.max(bits, 0);
    }

    /**
     * Watermark mode, every poll-interval: if entropy_avail is below low-watermark, refill towards
     * high-watermark (capped at poolsize), each step sized from the re-read count.
     *
     * @return bits credited this round
     */
    public int watermarkRound() throws IOException, InterruptedException, TimeoutException {
        if (settings.creditBitsPerByte() == 0) {
            // refilling a count with uncredited bytes never raises it: it would drain the hosts every poll
            if (!zeroCreditWarned) {
                zeroCreditWarned = true;
                LOG.warn("event=watermark-disabled reason=\"credit-bits-per-byte is 0\"");
            }
            return 0;
        }
        int avail = kernel.entropyAvail();
        times.avail(avail);
        if (avail >= settings.lowWatermark()) {
            return 0;
        }
        int target = Math.min(settings.highWatermark(), kernel.poolSize());
        int perByte = settings.creditBitsPerByte();
        int credited = 0;
        int counted = 0;
        int spent = 0;
        for (int step = 0; step < MAX_REFILL_STEPS && avail < target && spent < MAX_REFILL_BYTES; step++) {
            // never more than the gap: the kernel counts at most what is credited, usually less
            int bytes = Math.min(MAX_REFILL_BYTES - spent, (target - avail + perByte - 1) / perByte);
            int bits = feed(bytes);
            if (bits < 0) {
                break;   // taken uncredited: the count will not move
            }
            spent += bytes;
            credited += bits;
            int after = kernel.entropyAvail();
            int rose = Math.max(0, after - avail);
            counted += rose;
            metrics.counted(rose);
            times.avail(after);
            if (rose == 0) {
                break;   // consumers drain as fast as we fill, or the count is fixed: wait for the next poll
            }
            avail = after;
        }
        LOG.debug("event=refill target={} avail={} bytes={} bits-credited={} bits-counted={}", target, avail, spent,
                credited, counted);
        return credited;
    }

    /** Fetches and credits {@code bytes}; returns bits credited, or -1 if the kernel took them uncredited. */
    private int feed(int bytes) throws IOException, InterruptedException, TimeoutException {
        byte[] data = fetch(bytes);
        try {
            int bits = data.length * settings.creditBitsPerByte();
            if (!kernel.addEntropy(data, bits)) {
                return -1;
            }
            times.fed();
            return bits;
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
