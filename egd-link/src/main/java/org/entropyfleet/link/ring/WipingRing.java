package org.entropyfleet.link.ring;

import java.util.Arrays;

/**
 * A bounded ring of entropy bytes that hands each byte out once and zeroes its slot as it leaves, so
 * consumed entropy does not linger in memory. Used by the host agent's pool and the client agent's
 * local buffer. Not thread-safe: its owner guards it.
 */
public final class WipingRing {
    private final byte[] ring;
    private int head;   // next byte to read
    private int size;

    public WipingRing(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0");
        }
        this.ring = new byte[capacity];
    }

    public int capacity() {
        return ring.length;
    }

    /** Bytes held now. */
    public int size() {
        return size;
    }

    public int free() {
        return ring.length - size;
    }

    /** Copies in as much of {@code b[off, off + len)} as fits. @return bytes accepted */
    public int write(byte[] b, int off, int len) {
        int n = Math.min(len, ring.length - size);
        int tail = (head + size) % ring.length;
        int first = Math.min(n, ring.length - tail);
        System.arraycopy(b, off, ring, tail, first);
        System.arraycopy(b, off + first, ring, 0, n - first);
        size += n;
        return n;
    }

    /** Moves the oldest {@code n} bytes (at most {@link #size()}) to {@code dst} and wipes their slots. */
    public void read(byte[] dst, int off, int n) {
        if (n > size) {
            throw new IllegalArgumentException("read of " + n + " bytes, " + size + " held");
        }
        int first = Math.min(n, ring.length - head);
        System.arraycopy(ring, head, dst, off, first);
        Arrays.fill(ring, head, head + first, (byte) 0);
        System.arraycopy(ring, 0, dst, off + first, n - first);
        Arrays.fill(ring, 0, n - first, (byte) 0);
        head = (head + n) % ring.length;
        size -= n;
    }

    /** The oldest {@code n} bytes in a new array; see {@link #read(byte[], int, int)}. */
    public byte[] read(int n) {
        byte[] out = new byte[n];
        read(out, 0, n);
        return out;
    }

    /** Drops and zeroes everything held. */
    public void wipe() {
        Arrays.fill(ring, (byte) 0);
        head = 0;
        size = 0;
    }

    /** Whether every slot not holding a byte is zero: what the wiping promises (for tests). */
    boolean freeSlotsAreZero() {
        for (int i = 0; i < ring.length - size; i++) {
            if (ring[(head + size + i) % ring.length] != 0) {
                return false;
            }
        }
        return true;
    }
}
