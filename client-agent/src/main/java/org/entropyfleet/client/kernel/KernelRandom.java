package org.entropyfleet.client.kernel;

import java.io.IOException;

/**
 * The Linux random driver as the agent sees it: what it holds, and the two ways to give it bytes.
 *
 * <p>Callers own the arrays they pass in and zero them after the call; implementations zero any copy
 * they make (native memory included).
 */
public interface KernelRandom extends AutoCloseable {

    /** Bits the kernel currently counts as available ({@code entropy_avail}). */
    int entropyAvail() throws IOException;

    /** Size of the input pool in bits ({@code poolsize}); 256 on kernels ≥ 5.18. */
    int poolSize() throws IOException;

    /** True once the kernel CRNG is initialised (getrandom no longer blocks). */
    boolean crngReady();

    /**
     * Mixes {@code data} into the input pool, crediting {@code creditBits}.
     *
     * @return true if the bytes were credited (RNDADDENTROPY succeeded); false if the kernel refused
     *     the ioctl for lack of privilege and the bytes were mixed in uncredited instead
     */
    boolean addEntropy(byte[] data, int creditBits) throws IOException;

    /** Asks the kernel to reseed its CRNG from the input pool now (RNDRESEEDCRNG). */
    void reseed() throws IOException;

    /** Mixes {@code data} in without credit (a plain write to /dev/urandom). */
    void writeUncredited(byte[] data) throws IOException;

    @Override
    void close();
}
