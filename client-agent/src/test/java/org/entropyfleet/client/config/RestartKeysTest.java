package org.entropyfleet.client.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a SIGHUP applies and what it names as needing a restart. */
class RestartKeysTest {
    private static final String BASE = """
            hosts: ["rng1.example.net:7776"]
            tls: {cert: /etc/entropy-fleet/tls/client.crt, key: /etc/entropy-fleet/tls/client.key, ca: /etc/entropy-fleet/tls/ca.pem}
            kernel: {mode: modern, top-up-interval: 60s}
            local-egd: {listen: "127.0.0.1:7777", max-clients: 64}
            """;

    @TempDir
    Path dir;

    private ClientAgentConfig load(String yaml) throws Exception {
        Path f = Files.writeString(dir.resolve("client-agent.yaml"), yaml);
        return ClientAgentConfig.load(f);
    }

    @Test
    void hostsTimingsAndLocalLimitsNeedNoRestart() throws Exception {
        ClientAgentConfig running = load(BASE);
        ClientAgentConfig fresh = load(BASE.replace("[\"rng1.example.net:7776\"]", "[\"rng2.example.net:7776\", \"rng1.example.net:7776\"]")
                .replace("60s", "5s").replace("max-clients: 64", "max-clients: 2") + "request-timeout: 2s\n");
        assertEquals(List.of(), RestartKeys.changed(running, fresh));
    }

    @Test
    void keysBoundAtStartAreNamed() throws Exception {
        ClientAgentConfig running = load(BASE);
        ClientAgentConfig fresh = load(BASE.replace("tls/ca.pem", "tls/other-ca.pem").replace("mode: modern", "mode: off")
                .replace("127.0.0.1:7777", "127.0.0.1:7778") + "metrics: {listen: \"127.0.0.1:9778\"}\ntls-provider: openssl\n");
        assertEquals(List.of("tls", "kernel.mode", "local-egd.listen", "metrics", "tls-provider"),
                RestartKeys.changed(running, fresh));
    }

    @Test
    void removingTheLocalEndpointIsNamed() throws Exception {
        ClientAgentConfig running = load(BASE);
        assertEquals(List.of("local-egd"), RestartKeys.changed(running, load(BASE.replaceAll("local-egd:.*\\n", ""))));
    }
}
