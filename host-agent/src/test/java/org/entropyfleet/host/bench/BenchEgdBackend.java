package org.entropyfleet.host.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;

/**
 * The minimal EGD backend stunnel fronts in {@link HostBench}: thread per connection (like ekeyd),
 * answering 0x00/0x01/0x02/0x04 from one block of random bytes made at start-up. A benchmark stand-in
 * for a hardware daemon, deliberately cheap so the figures are stunnel's, not the backend's; never
 * use it as an entropy source.
 */
final class BenchEgdBackend implements AutoCloseable {
    /** Accept backlog; the idle-memory run opens connections 64 at a time. */
    static final int BACKLOG = 1024;
    /** Read and write buffer per connection. */
    static final int BUFFER = 8192;

    private final ServerSocket server;
    private final byte[] block = new byte[256];

    BenchEgdBackend() throws IOException {
        new SecureRandom().nextBytes(block);
        server = new ServerSocket(0, BACKLOG, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "bench-egd-accept");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(null, () -> serve(s), "bench-egd-conn", 256 * 1024);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; InputStream raw = s.getInputStream(); OutputStream rawOut = s.getOutputStream()) {
            s.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(raw, BUFFER));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(rawOut, BUFFER));
            while (true) {
                int cmd = in.read();
                if (cmd < 0) {
                    return;
                }
                switch (cmd) {
                    case 0x00 -> out.writeInt(1 << 20);
                    case 0x01 -> {
                        int n = in.readUnsignedByte();
                        out.writeByte(n);
                        out.write(block, 0, n);
                    }
                    case 0x02 -> out.write(block, 0, in.readUnsignedByte());
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
                    out.flush();
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
