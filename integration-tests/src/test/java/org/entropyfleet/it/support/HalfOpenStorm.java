package org.entropyfleet.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hostile peer: keeps {@code connections} TCP connections open to a TLS port, spread over
 * {@code addresses} loopback source addresses (127.0.1.1 … 127.0.1.250, 127.0.2.1, …), each sending the first 11
 * bytes of a ClientHello and then nothing. A connection the server closes is opened again at once,
 * so the pressure lasts as long as the storm. One thread, non-blocking sockets; bounded in count
 * and time by the caller ({@link #close()} ends it).
 */
public final class HalfOpenStorm implements AutoCloseable {
    /** TLS record header (handshake, TLS 1.0 record version, length 512) + ClientHello type and length. */
    private static final byte[] PARTIAL_CLIENT_HELLO = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};

    private final int port;
    private final int connections;
    private final int addresses;
    private final Selector selector;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong closedByServer = new AtomicLong();

    private HalfOpenStorm(int port, int connections, int addresses) throws IOException {
        this.port = port;
        this.connections = connections;
        this.addresses = addresses;
        this.selector = Selector.open();
        this.thread = new Thread(this::run, "half-open-storm");
        this.thread.setDaemon(true);
    }

    public static HalfOpenStorm start(int port, int connections, int addresses) {
        try {
            HalfOpenStorm s = new HalfOpenStorm(port, connections, addresses);
            s.thread.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long opened() {
        return opened.get();
    }

    public long closedByServer() {
        return closedByServer.get();
    }

    private void run() {
        try {
            for (int i = 0; i < connections && running.get(); i++) {
                open(i % addresses);
            }
            ByteBuffer sink = ByteBuffer.allocate(4096);
            while (running.get()) {
                selector.select(100);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    SocketChannel ch = (SocketChannel) k.channel();
                    int slot = (Integer) k.attachment();
                    try {
                        if (k.isConnectable()) {
                            ch.finishConnect();
                            ch.write(ByteBuffer.wrap(PARTIAL_CLIENT_HELLO));
                            k.interestOps(SelectionKey.OP_READ);
                        } else if (k.isReadable()) {
                            sink.clear();
                            if (ch.read(sink) < 0) {
                                throw new IOException("closed by server");
                            }
                        }
                    } catch (IOException e) {
                        closedByServer.incrementAndGet();
                        k.cancel();
                        ch.close();
                        if (running.get()) {
                            open(slot);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (SelectionKey k : selector.keys()) {
                try {
                    k.channel().close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void open(int slot) throws IOException {
        SocketChannel ch = SocketChannel.open();
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.SO_LINGER, 0);
        int a = slot % addresses;
        ch.bind(new InetSocketAddress("127.0." + (1 + a / 250) + "." + (1 + a % 250), 0));
        ch.connect(new InetSocketAddress("127.0.0.1", port));
        ch.register(selector, SelectionKey.OP_CONNECT, slot);
        opened.incrementAndGet();
    }

    @Override
    public void close() {
        running.set(false);
        selector.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
