package org.entropyfleet.host.testutil;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal real EGD TCP server (like ekeyd's), thread per connection, answering from SecureRandom.
 * Used as an upstream for the host-agent and as the backend stunnel fronts in the benchmark.
 */
public final class TinyEgdServer implements AutoCloseable {
    private final ServerSocket server;
    private final SecureRandom rnd = new SecureRandom();
    public final AtomicLong bytesServed = new AtomicLong();
    public final AtomicLong connections = new AtomicLong();

    public TinyEgdServer() throws IOException {
        server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "tiny-egd-accept");
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
                connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s), "tiny-egd-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(s.getInputStream()));
             DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(s.getOutputStream()))) {
            s.setTcpNoDelay(true);
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
                        out.write(random(n));
                    }
                    case 0x02 -> out.write(random(in.readUnsignedByte()));
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

    private byte[] random(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        bytesServed.addAndGet(n);
        return b;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
