package org.entropyfleet.it.support;

import java.io.DataInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A legitimate mTLS EGD client that reconnects every {@code requestsPerConnection} requests (a full
 * handshake each time, as a client that opens a connection per batch does), on its own thread. Counts
 * replies and errors; any failed connect, handshake, refusal or short reply is an error.
 */
public final class ReconnectingTlsClient implements AutoCloseable {
    private final SSLContext ssl;
    private final int port;
    private final int requestsPerConnection;
    private final AtomicLong replies = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final List<String> errorTexts = new ArrayList<>();
    private volatile boolean running = true;
    private final Thread thread;

    private ReconnectingTlsClient(SSLContext ssl, int port, int requestsPerConnection) {
        this.ssl = ssl;
        this.port = port;
        this.requestsPerConnection = requestsPerConnection;
        this.thread = new Thread(this::run, "legit-client");
        this.thread.setDaemon(true);
    }

    public static ReconnectingTlsClient start(Fleet fleet, String client, int port, int requestsPerConnection) {
        ReconnectingTlsClient c = new ReconnectingTlsClient(sslContext(fleet, client), port, requestsPerConnection);
        c.thread.start();
        return c;
    }

    /** The client's key and certificate, turned into PKCS#12 with the real openssl as an operator would. */
    public static SSLContext sslContext(Fleet fleet, String client) {
        try {
            Path p12 = fleet.dir().resolve(client + ".p12");
            Cli.run(fleet.dir(), List.of("openssl", "pkcs12", "-export", "-in", fleet.cert(client).toString(),
                    "-inkey", fleet.key(client).toString(), "-out", p12.toString(), "-passout", "pass:test")).ok();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = new FileInputStream(p12.toFile())) {
                ks.load(in, "test".toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "test".toCharArray());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = new FileInputStream(fleet.caBundle().toFile())) {
                int i = 0;
                for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    trust.setCertificateEntry("ca" + i++, c);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up the TLS client " + client, e);
        }
    }

    public long replies() {
        return replies.get();
    }

    /** Connection attempts so far, failed or not. */
    public long connections() {
        return connections.get();
    }

    public long errors() {
        return errors.get();
    }

    public synchronized List<String> errorTexts() {
        return List.copyOf(errorTexts);
    }

    /**
     * Opens one connection, completes the handshake and one 0x02 of 32 bytes; null if the host refused
     * it (closed or failed before the reply).
     */
    public static SSLSocket openServed(SSLContext ssl, int port) {
        SSLSocket s = null;
        try {
            s = (SSLSocket) ssl.getSocketFactory().createSocket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(10_000);
            s.startHandshake();
            s.getOutputStream().write(new byte[] {0x02, 32});
            s.getOutputStream().flush();
            new DataInputStream(s.getInputStream()).readFully(new byte[32]);
            return s;
        } catch (IOException e) {
            try {
                if (s != null) {
                    s.close();
                }
            } catch (IOException ignored) {
                // refused anyway
            }
            return null;
        }
    }

    private void run() {
        byte[] request = {0x02, 32};
        byte[] reply = new byte[32];
        while (running) {
            connections.incrementAndGet();
            try (SSLSocket s = (SSLSocket) ssl.getSocketFactory().createSocket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                s.setSoTimeout(10_000);
                s.startHandshake();
                OutputStream out = s.getOutputStream();
                DataInputStream in = new DataInputStream(s.getInputStream());
                for (int i = 0; i < requestsPerConnection && running; i++) {
                    out.write(request);
                    out.flush();
                    in.readFully(reply);
                    replies.incrementAndGet();
                }
            } catch (IOException e) {
                if (running) {
                    errors.incrementAndGet();
                    synchronized (this) {
                        if (errorTexts.size() < 20) {
                            errorTexts.add(e.toString());
                        }
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
