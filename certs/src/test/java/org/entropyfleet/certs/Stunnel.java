package org.entropyfleet.certs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real {@code stunnel4} server child process: TLS on a loopback port, verify=2 (client certificate
 * required and chain-verified against CAfile), forwarding to a plaintext backend. Its log goes to
 * stderr (foreground), which a reader thread collects; readiness is the "Accepting new connections"
 * line, which stunnel prints after binding, so no polling of the port is needed.
 */
final class Stunnel implements AutoCloseable {
    private final Process process;
    private final int port;
    final List<String> log = new CopyOnWriteArrayList<>();

    private Stunnel(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static Stunnel start(Path workDir, Path certAndKey, Path caFile, Path crlFile, int backendPort) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path conf = workDir.resolve("stunnel-" + port + ".conf");
        Files.writeString(conf, String.join("\n",
                "foreground = yes",
                "pid =",
                "debug = 6",
                "[egd]",
                "accept = 127.0.0.1:" + port,
                "connect = 127.0.0.1:" + backendPort,
                "cert = " + certAndKey,
                "CAfile = " + caFile,
                crlFile == null ? "" : "CRLfile = " + crlFile,
                "verify = 2",
                ""));
        Process p = new ProcessBuilder("stunnel4", conf.toString()).redirectErrorStream(true).start();
        Stunnel s = new Stunnel(p, port);
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    s.log.add(line);
                    if (line.contains("Accepting new connections")) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // process ended
            }
        }, "stunnel-log");
        reader.setDaemon(true);
        reader.start();
        if (!ready.await(Proc.TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            s.close();
            fail("stunnel did not start:\n" + String.join("\n", s.log));
        }
        return s;
    }

    int port() {
        return port;
    }

    String logText() {
        return String.join("\n", log);
    }

    /**
     * Waits until a log line contains one of {@code any}. The log arrives through a pipe and a reader
     * thread, so a line stunnel wrote before the client saw its answer may reach {@link #log} only later.
     */
    void awaitLog(String... any) {
        Await.until(() -> log.stream().anyMatch(l -> Arrays.stream(any).anyMatch(l::contains)),
                () -> "stunnel log line with any of " + Arrays.toString(any) + ":\n" + logText());
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
