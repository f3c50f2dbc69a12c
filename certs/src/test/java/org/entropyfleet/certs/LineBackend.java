package org.entropyfleet.certs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The plaintext service behind a TLS terminator: answers each connection's first line with
 * "pong:LINE" and records it, so a test knows a request really got through the tunnel.
 */
final class LineBackend implements AutoCloseable {
    /** Bounded: a test sends a handful of lines. */
    static final int MAX_RECORDED = 64;

    private final ServerSocket server;
    private final Thread acceptor;
    final BlockingQueue<String> received = new LinkedBlockingQueue<>(MAX_RECORDED);

    LineBackend() throws IOException {
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "line-backend");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                if (line != null) {
                    received.offer(line);
                    OutputStream out = s.getOutputStream();
                    out.write(("pong:" + line + "\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException e) {
                // closed by close(), or a peer that went away: keep serving until closed
            }
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        acceptor.join(5_000);
    }
}
