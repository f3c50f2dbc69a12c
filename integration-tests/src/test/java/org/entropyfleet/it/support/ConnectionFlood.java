package org.entropyfleet.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hostile local user holding connections to a port: {@code count} sockets, every other one idle,
 * the rest dribbling a request header a byte at a time and never finishing it. A socket the server
 * closes is opened again, at most {@code reopensPerSecond} in all — enough to keep the pressure on,
 * few enough not to use up the machine's ephemeral ports for the other tests running beside this one.
 * One thread, non-blocking sockets: a thousand connections cost a thousand file descriptors only.
 */
public final class ConnectionFlood implements AutoCloseable {
    private static final byte[] PARTIAL_HEAD = "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
            .getBytes(StandardCharsets.US_ASCII);
    private static final long DRIBBLE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final InetSocketAddress target;
    private final int count;
    private final int reopensPerSecond;
    private final Selector selector;
    private final Thread thread;
    private final AtomicLong connected = new AtomicLong();
    private final AtomicLong closedByServer = new AtomicLong();
    private final AtomicLong opened = new AtomicLong();
    private volatile boolean running = true;
    private volatile Throwable failure;

    /** Per socket: idle or dribbling, and how far into the header it got. */
    private static final class Slot {
        final boolean dribbles;
        int sent;

        Slot(boolean dribbles) {
            this.dribbles = dribbles;
        }
    }

    private ConnectionFlood(InetSocketAddress target, int count, int reopensPerSecond) throws IOException {
        this.target = target;
        this.count = count;
        this.reopensPerSecond = reopensPerSecond;
        this.selector = Selector.open();
        this.thread = new Thread(this::run, "connection-flood");
        thread.setDaemon(true);
    }

    public static ConnectionFlood start(String host, int port, int count, int reopensPerSecond) {
        try {
            ConnectionFlood f = new ConnectionFlood(new InetSocketAddress(host, port), count, reopensPerSecond);
            for (int i = 0; i < count; i++) {
                f.open(new Slot(i % 2 == 1));
            }
            f.thread.start();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void open(Slot slot) throws IOException {
        SocketChannel ch = SocketChannel.open();
        ch.configureBlocking(false);
        slot.sent = 0;
        if (ch.connect(target)) {
            connected.incrementAndGet();
            ch.register(selector, SelectionKey.OP_READ, slot);
        } else {
            ch.register(selector, SelectionKey.OP_CONNECT, slot);
        }
        opened.incrementAndGet();
    }

    private void run() {
        ByteBuffer sink = ByteBuffer.allocate(4096);
        List<Slot> toReopen = new ArrayList<>();
        long nextDribble = System.nanoTime() + DRIBBLE_EVERY_NANOS;
        long windowStart = System.nanoTime();
        int reopenedInWindow = 0;
        try {
            while (running) {
                selector.select(50);
                for (SelectionKey k : selector.selectedKeys()) {
                    SocketChannel ch = (SocketChannel) k.channel();
                    Slot slot = (Slot) k.attachment();
                    try {
                        if (k.isConnectable()) {
                            ch.finishConnect();
                            connected.incrementAndGet();
                            k.interestOps(SelectionKey.OP_READ);
                        } else if (k.isReadable()) {
                            sink.clear();
                            if (ch.read(sink) < 0) {
                                throw new IOException("closed by the server");
                            }
                        }
                    } catch (IOException e) {
                        k.cancel();
                        ch.close();
                        closedByServer.incrementAndGet();
                        toReopen.add(slot);
                    }
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                if (now - windowStart >= TimeUnit.SECONDS.toNanos(1)) {
                    windowStart = now;
                    reopenedInWindow = 0;
                }
                while (!toReopen.isEmpty() && reopenedInWindow < reopensPerSecond) {
                    open(toReopen.remove(toReopen.size() - 1));
                    reopenedInWindow++;
                }
                if (now >= nextDribble) {
                    nextDribble = now + DRIBBLE_EVERY_NANOS;
                    dribble();
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void dribble() throws IOException {
        for (SelectionKey k : selector.keys()) {
            Slot slot = (Slot) k.attachment();
            SocketChannel ch = (SocketChannel) k.channel();
            if (slot.dribbles && ch.isConnected() && slot.sent < PARTIAL_HEAD.length) {
                try {
                    ch.write(ByteBuffer.wrap(PARTIAL_HEAD, slot.sent++, 1));
                } catch (IOException e) {
                    // closed under us: the read side notices and reopens it
                }
            }
        }
    }

    /** Connections that completed (opened again after a close counts again). */
    public long connected() {
        return connected.get();
    }

    public long closedByServer() {
        return closedByServer.get();
    }

    public int count() {
        return count;
    }

    @Override
    public void close() throws InterruptedException, IOException {
        running = false;
        selector.wakeup();
        thread.join(5_000);
        for (SelectionKey k : selector.keys()) {
            k.channel().close();
        }
        selector.close();
        if (failure != null) {
            throw new AssertionError("the flood thread failed", failure);
        }
    }
}
