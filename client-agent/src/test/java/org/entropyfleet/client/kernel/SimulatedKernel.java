package org.entropyfleet.client.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one allowed test double: a {@link KernelRandom} whose counters live in files under a temp
 * proc root ({@code sys/kernel/random/entropy_avail}, {@code poolsize}, {@code sys/kernel/osrelease}),
 * so a test can "drain" the pool between polls by rewriting a file, as an old kernel's consumers would.
 * Crediting adds to entropy_avail, capped at poolsize; the CRNG counts as ready once 256 bits were
 * credited (or from the start if {@code ready}).
 *
 * <p>{@link #oldDriver} models a kernel without the 2022 random-driver rewrite (nor its backport), as
 * {@code credit_entropy_bits} in drivers/char/random.c of 4.x computes it: in 1/8-bit units, in steps of
 * at most half the pool, {@code add = (pool − count) × step × 3/4 / pool} — so the count approaches the
 * pool size asymptotically and rises by less than the bits credited.
 */
final class SimulatedKernel implements KernelRandom {
    final Path procRoot;
    private final Path avail;
    private final Path pool;
    private boolean ready;
    private boolean asymptotic;
    long bytesCredited;
    long bitsCredited;
    long bytesUncredited;
    int reseeds;

    SimulatedKernel(Path procRoot, String release, int poolSize, int entropyAvail, boolean ready) throws IOException {
        this.procRoot = procRoot;
        Path random = procRoot.resolve("sys/kernel/random");
        Files.createDirectories(random);
        this.avail = random.resolve("entropy_avail");
        this.pool = random.resolve("poolsize");
        Files.writeString(procRoot.resolve("sys/kernel/osrelease"), release + "\n");
        Files.writeString(pool, poolSize + "\n");
        setAvail(entropyAvail);
        this.ready = ready;
    }

    /** A kernel with the pre-5.18 driver: a {@code poolSize}-bit pool that counts credit asymptotically. */
    static SimulatedKernel oldDriver(Path procRoot, int poolSize, int entropyAvail) throws IOException {
        SimulatedKernel k = new SimulatedKernel(procRoot, "4.18.0-553.el8_10.x86_64", poolSize, entropyAvail, true);
        k.asymptotic = true;
        return k;
    }

    /** What credit_entropy_bits leaves the count at, from {@code countBits} after crediting {@code bits}. */
    static int oldDriverCount(int poolBits, int countBits, int bits) {
        long pool = (long) poolBits << 3;
        long count = (long) countBits << 3;
        long left = (long) bits << 3;
        do {
            long step = Math.min(left, pool / 2);
            count += (pool - count) * step * 3 / (4 * pool);
            left -= step;
        } while (count < pool - 2 && left > 0);
        return (int) (Math.min(count, pool) >> 3);
    }

    void setAvail(int bits) throws IOException {
        Files.writeString(avail, bits + "\n", StandardCharsets.US_ASCII);
    }

    @Override
    public synchronized int entropyAvail() throws IOException {
        return Integer.parseInt(LinuxKernelRandom.readSmallFile(avail));
    }

    @Override
    public int poolSize() throws IOException {
        return Integer.parseInt(LinuxKernelRandom.readSmallFile(pool));
    }

    @Override
    public synchronized boolean crngReady() {
        return ready;
    }

    @Override
    public synchronized boolean addEntropy(byte[] data, int creditBits) throws IOException {
        if (creditBits > data.length * 8) {
            throw new IllegalArgumentException("over-credit");
        }
        setAvail(asymptotic ? oldDriverCount(poolSize(), entropyAvail(), creditBits)
                : Math.min(poolSize(), entropyAvail() + creditBits));
        bytesCredited += data.length;
        bitsCredited += creditBits;
        if (bitsCredited >= 256) {
            ready = true;
        }
        return true;
    }

    @Override
    public synchronized void reseed() {
        reseeds++;
    }

    @Override
    public synchronized void writeUncredited(byte[] data) {
        bytesUncredited += data.length;
    }

    @Override
    public void close() {
    }
}
