package org.entropyfleet.client.kernel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link KernelRandom} on the real Linux driver: ioctls on a /dev/random descriptor opened through
 * libc, counters read from {@code <proc-root>/sys/kernel/random}.
 *
 * <p>CRNG readiness uses {@code getrandom(buf, 1, GRND_NONBLOCK)}, which fails with EAGAIN until the
 * CRNG is initialised. Unlike poll(/dev/random, POLLOUT) it means the same thing on every kernel
 * since 3.17 (before 5.18 POLLOUT signals "below write_wakeup_threshold", not readiness), and costs
 * one byte of CRNG output, which is harmless.
 *
 * <p>Thread-safety: methods may be called from any thread; the descriptor is fixed after open.
 */
public final class LinuxKernelRandom implements KernelRandom {
    private static final Logger LOG = LoggerFactory.getLogger(LinuxKernelRandom.class);

    /** _IOW('R', 0x03, int[2]). */
    static final long RNDADDENTROPY = 0x40085203L;
    /** _IOR('R', 0x00, int). */
    static final long RNDGETENTCNT = 0x80045200L;
    /** _IO('R', 0x07). */
    static final long RNDRESEEDCRNG = 0x5207L;
    /** Bytes per RNDADDENTROPY call; bounds the native buffer. */
    public static final int MAX_CHUNK = 512;
    private static final int HEADER = 8;
    /** Longest proc file we read (a number or a release string). */
    private static final int MAX_PROC_FILE = 256;

    private final Path procRandom;
    private final Path devRandom;
    private final Path devUrandom;
    private final KernelMetrics metrics;
    private final int fd;
    private final AtomicBoolean fellBack = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private LinuxKernelRandom(Path procRoot, Path devRandom, Path devUrandom, KernelMetrics metrics, int fd) {
        this.procRandom = procRoot.resolve("sys/kernel/random");
        this.devRandom = devRandom;
        this.devUrandom = devUrandom;
        this.metrics = metrics;
        this.fd = fd;
    }

    /** Opens /dev/random (write-only: the ioctls need no read access) and reads counters below {@code procRoot}. */
    public static LinuxKernelRandom open(Path procRoot, KernelMetrics metrics) throws IOException {
        return open(procRoot, Path.of("/dev/random"), Path.of("/dev/urandom"), metrics);
    }

    static LinuxKernelRandom open(Path procRoot, Path devRandom, Path devUrandom, KernelMetrics metrics)
            throws IOException {
        try {
            int fd = LibC.open(devRandom.toString(), LibC.O_WRONLY | LibC.O_CLOEXEC);
            return new LinuxKernelRandom(procRoot, devRandom, devUrandom, metrics, fd);
        } catch (LastErrorException e) {
            throw new IOException("cannot open " + devRandom + ": errno " + e.getErrorCode(), e);
        }
    }

    @Override
    public int entropyAvail() throws IOException {
        return readProcInt("entropy_avail");
    }

    @Override
    public int poolSize() throws IOException {
        return readProcInt("poolsize");
    }

    /** The kernel's count through the ioctl (RNDGETENTCNT); same value as entropy_avail. */
    public int entropyCountIoctl() throws IOException {
        try (Memory m = new Memory(4)) {
            m.setInt(0, 0);
            ioctl(RNDGETENTCNT, m, "RNDGETENTCNT");
            return m.getInt(0);
        }
    }

    private int readProcInt(String name) throws IOException {
        Path p = procRandom.resolve(name);
        String s = readSmallFile(p);
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IOException(p + ": not a number: '" + s + "'", e);
        }
    }

    /**
     * Reads a proc/sysfs file through a stream: Files.readString trusts the reported size (0 for
     * sysctl files) and on this JDK returns only the first byte of "256\n".
     */
    static String readSmallFile(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return new String(in.readNBytes(MAX_PROC_FILE), StandardCharsets.US_ASCII).trim();
        }
    }

    @Override
    public boolean crngReady() {
        try (Memory m = new Memory(1)) {
            try {
                LibC.getrandom(m, new NativeLong(1), LibC.GRND_NONBLOCK);
                return true;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EAGAIN) {
                    LOG.warn("event=getrandom-failed errno={}", e.getErrorCode());
                }
                return false;
            } finally {
                m.clear();
            }
        }
    }

    @Override
    public boolean addEntropy(byte[] data, int creditBits) throws IOException {
        if (creditBits < 0 || creditBits > data.length * 8) {
            throw new IllegalArgumentException("creditBits " + creditBits + " outside 0.." + data.length * 8);
        }
        if (fellBack.get()) {
            writeUncredited(data);
            return false;
        }
        int remainingBits = creditBits;
        for (int off = 0; off < data.length; off += MAX_CHUNK) {
            int len = Math.min(MAX_CHUNK, data.length - off);
            // spread the credit in proportion so a partial failure never over-credits
            int bits = off + len == data.length ? remainingBits
                    : (int) ((long) creditBits * len / data.length);
            if (!addChunk(data, off, len, bits)) {
                writeUncreditedRange(data, off + len, data.length - off - len);
                return false;
            }
            remainingBits -= bits;
        }
        return true;
    }

    private boolean addChunk(byte[] data, int off, int len, int bits) throws IOException {
        try (Memory m = new Memory(HEADER + len)) {
            try {
                m.setInt(0, bits);
                m.setInt(4, len);
                m.write(HEADER, data, off, len);
                LibC.ioctl(fd, new NativeLong(RNDADDENTROPY), m);
                metrics.credited(len, bits);
                return true;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.EPERM) {
                    fallBack(data, off, len);
                    return false;
                }
                metrics.error();
                throw new IOException("RNDADDENTROPY on " + devRandom + " failed: errno " + e.getErrorCode(), e);
            } finally {
                m.clear();
            }
        }
    }

    private void fallBack(byte[] data, int off, int len) throws IOException {
        if (fellBack.compareAndSet(false, true)) {
            LOG.error("event=kernel-uncredited-fallback reason=\"RNDADDENTROPY refused (EPERM): the agent lacks"
                    + " CAP_SYS_ADMIN\" effect=\"bytes are mixed into the kernel pool without entropy credit\""
                    + " fix=\"run as root or grant CAP_SYS_ADMIN\"");
        }
        metrics.fallback();
        writeUncreditedRange(data, off, len);
    }

    @Override
    public void reseed() throws IOException {
        ioctl(RNDRESEEDCRNG, null, "RNDRESEEDCRNG");
        metrics.reseeded();
    }

    private void ioctl(long request, Pointer arg, String name) throws IOException {
        try {
            LibC.ioctl(fd, new NativeLong(request), arg);
        } catch (LastErrorException e) {
            metrics.error();
            throw new IOException(name + " on " + devRandom + " failed: errno " + e.getErrorCode(), e);
        }
    }

    @Override
    public void writeUncredited(byte[] data) throws IOException {
        writeUncreditedRange(data, 0, data.length);
    }

    private void writeUncreditedRange(byte[] data, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        try (OutputStream out = new FileOutputStream(devUrandom.toFile())) {
            out.write(data, off, len);
        }
        metrics.uncredited(len);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                LibC.close(fd);
            } catch (LastErrorException e) {
                LOG.warn("event=kernel-close-failed errno={}", e.getErrorCode());
            }
        }
    }
}
