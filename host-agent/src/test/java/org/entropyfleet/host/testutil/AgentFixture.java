package org.entropyfleet.host.testutil;

import com.codahale.metrics.MetricRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLSocketFactory;
import org.entropyfleet.host.config.HostAgentConfig;
import org.entropyfleet.host.HostAgent;
import org.entropyfleet.link.tls.TestPki;

/** A CA, a host certificate for 127.0.0.1 and client certificates, plus config files for agents. */
public final class AgentFixture {
    public final Path dir;
    public final TestPki pki;
    public final Path[] host;

    public AgentFixture(Path dir) {
        this.dir = dir;
        this.pki = TestPki.create(dir.resolve("pki"));
        this.host = pki.issueHost("host.test", "127.0.0.1", "localhost");
    }

    public Path[] client(String cn) {
        return pki.issueClient(cn);
    }

    public SSLSocketFactory clientFactory(String cn) throws Exception {
        Path[] c = client(cn);
        return Pem.clientFactory(c[0], c[1], pki.caBundle());
    }

    /** The tls block for an agent's server side, allowing "client-*" and "host.test" (a chained agent). */
    public String serverTls(String... allow) {
        String list = allow.length == 0 ? "[\"client-*\", \"host.test\"]" : toList(allow);
        return "tls:\n  cert: " + host[0] + "\n  key: " + host[1] + "\n  ca: " + pki.caBundle()
                + "\n  allow: " + list + "\n";
    }

    public static String toList(String... items) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < items.length; i++) {
            s.append(i == 0 ? "" : ", ").append('"').append(items[i]).append('"');
        }
        return s.append(']').toString();
    }

    /** A complete config listening on ephemeral loopback ports. */
    public String config(String sources, String extra) {
        return "listen: 127.0.0.1:0\n" + serverTls() + "sources:\n" + sources
                + "metrics:\n  listen: 127.0.0.1:0\n" + extra;
    }

    public Path write(String name, String yaml) {
        try {
            Path p = dir.resolve(name);
            Files.writeString(p, yaml);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HostAgent start(String name, String yaml) throws Exception {
        return HostAgent.start(HostAgentConfig.load(write(name, yaml)), new MetricRegistry());
    }

    public static String commandSource(String name, String shell, double minEntropy) {
        return "  - {type: command, name: " + name + ", command: [\"/bin/sh\", \"-c\", \"" + shell
                + "\"], min-entropy: " + minEntropy + "}\n";
    }

    /** A command source with plenty of throughput for serving tests. */
    public static String urandomSource() {
        return commandSource("urandom", "exec cat /dev/urandom", 8);
    }
}
