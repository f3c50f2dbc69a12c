package org.entropyfleet.host.testutil;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A minimal real EGD TCP server in the style of ekeyd: thread per connection, answering
 * 0x00/0x01/0x02/0x04, swallowing 0x03 and closing on an unknown command. Where the reply bytes
 * come from is the caller's choice ({@link ReplyBytes}), so the test upstream and the benchmark
 * backend share one wire implementation.
 */
public final class ThreadPerConnectionEgdServer implements AutoCloseable {
    /** Writes {@code n} reply bytes for a 0x01/0x02 request. */
    @FunctionalInterface
    public interface ReplyBytes {
        void write(DataOutputStream out, int n) throws IOException;
    }

    /** Accept backlog; the benchmark's idle-memory run opens connections 64 at a time. */
    public static final int BACKLOG = 1024;
    /** Read and write buffer per connection. */
    public static final int BUFFER = 8192;
    /** Bits claimed by every 0x00 reply. */
    static final int BITS_AVAILABLE = 1 << 20;

    private final ServerSocket server;
    private final String name;
    private final long connectionStackBytes;
    private final ReplyBytes replyBytes;
    private final Runnable onAccept;

    /**
     * @param name prefix of the thread names
     * @param connectionStackBytes stack size of a connection thread (0 = the JVM default)
     * @param onAccept run on the accept thread for every accepted connection
     */
    public ThreadPerConnectionEgdServer(String name, long connectionStackBytes, ReplyBytes replyBytes,
            Runnable onAccept) throws IOException {
        this.name = name;
        this.connectionStackBytes = connectionStackBytes;
        this.replyBytes = replyBytes;
        this.onAccept = onAccept;
        server = new ServerSocket(0, BACKLOG, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, name + "-accept");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                onAccept.run();
                Thread t = new Thread(null, () -> serve(s), name + "-conn", connectionStackBytes);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), BUFFER));
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), BUFFER))) {
            s.setTcpNoDelay(true);
            while (true) {
                int cmd = in.read();
                if (cmd < 0) {
                    return;
                }
                switch (cmd) {
                    case 0x00 -> out.writeInt(BITS_AVAILABLE);
                    case 0x01 -> {
                        int n = in.readUnsignedByte();
                        out.writeByte(n);
                        replyBytes.write(out, n);
                    }
                    case 0x02 -> replyBytes.write(out, in.readUnsignedByte());
                    case 0x03 -> {
                        in.readUnsignedShort();
                        in.skipNBytes(in.readUnsignedByte());
                    }
                    case 0x04 -> {
                        out.writeByte(2);
                        out.writeBytes("-1");
                    }
                    default -> {
                        return;   // like ekeyd: unknown command closes
                    }
                }
                if (in.available() == 0) {
                    out.flush();   // batch the replies to pipelined requests
                }
            }
        } catch (IOException e) {
            // peer went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
