package org.entropyfleet.client.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.entropyfleet.link.tls.TestPki;

/** Writes client-agent YAML files for tests: a client certificate from the PKI, hosts on loopback. */
public final class AgentConfigs {
    private AgentConfigs() {
    }

    /** Writes {@code dir/client.yaml} with the given host ports plus {@code extra} YAML lines. */
    public static Path write(Path dir, TestPki pki, String extra, int... hostPorts) throws IOException {
        Path[] crtKey = pki.issueClient("vm-test-1");
        String hosts = Arrays.stream(hostPorts).mapToObj(p -> "\"127.0.0.1:" + p + "\"").collect(Collectors.joining(", "));
        String yaml = "hosts: [" + hosts + "]\n"
                + "tls:\n"
                + "  cert: " + crtKey[0] + "\n"
                + "  key: " + crtKey[1] + "\n"
                + "  ca: " + pki.caBundle() + "\n"
                + extra;
        Path file = dir.resolve("client.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
