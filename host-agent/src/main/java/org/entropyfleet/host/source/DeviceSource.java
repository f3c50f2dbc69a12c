package org.entropyfleet.host.source;

import com.codahale.metrics.MetricRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a character device such as /dev/hwrng, or a FIFO. A FIFO is opened read-write: on Linux that
 * open never blocks waiting for a writer and reads never see end-of-file when a writer goes away, so
 * a vanished writer shows up as a stall and the FIFO is reopened.
 */
public final class DeviceSource extends StreamSource {
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;

    private final Path path;

    public DeviceSource(Path path, SourceSettings settings, SourceSink sink, MetricRegistry metrics) {
        super(settings, sink, metrics);
        this.path = path;
    }

    @Override
    protected String describe() {
        return "device " + path;
    }

    /** Largest read from a device: /dev/hwrng blocks until a read is full, so a slow one must be asked for little. */
    static final int DEVICE_READ = 4096;

    @Override
    protected Connection open() throws IOException {
        FileChannel ch = isFifo(path)
                ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(path, StandardOpenOption.READ);
        return new Connection() {
            @Override
            public int read(byte[] buf) throws IOException {
                // FileChannel reads are interruptible: close() from the watchdog wakes a blocked read
                // at most DEVICE_READ: a hwrng read returns only once it filled the whole request
                return ch.read(ByteBuffer.wrap(buf, 0, Math.min(buf.length, DEVICE_READ)));
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

    static boolean isFifo(Path p) {
        try {
            Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return mode instanceof Integer m && (m & S_IFMT) == S_IFIFO;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
