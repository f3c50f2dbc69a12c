package org.entropyfleet.client.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.entropyfleet.client.testsupport.Await;
import org.entropyfleet.link.config.ConfigException;
import org.entropyfleet.link.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnloadableConfigLoaderTest {
    private static final String YAML = """
            hosts: ["rng1.example.net:7776", "[::1]:7776"]
            tls: {cert: /etc/ef/client.crt, key: /etc/ef/client.key, ca: /etc/ef/ca.pem}
            kernel: {mode: watermark, top-up-interval: 30s}
            local-egd: {listen: "127.0.0.1:7777"}
            request-timeout: 2s
            tls-provider: openssl
            """;

    @TempDir
    Path dir;

    @Test
    void readsTheSameConfigAsTheOrdinaryLoader() throws Exception {
        Path file = Files.writeString(dir.resolve("client.yaml"), YAML);
        ClientAgentConfig isolated = UnloadableConfigLoader.load(file);
        assertEquals(ClientAgentConfig.load(file), isolated);
        assertEquals(TlsProviderChoice.OPENSSL, isolated.tlsProvider());
        assertEquals(Duration.ofSeconds(30), isolated.kernel().topUpInterval());
    }

    @Test
    void errorsNameFileLineAndKeyAsTheOrdinaryLoaderDoes() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), YAML.replace("request-timeout: 2s", "request-timout: 2s"));
        String expected = assertThrows(ConfigException.class, () -> ClientAgentConfig.load(file)).getMessage();
        ConfigException e = assertThrows(ConfigException.class, () -> UnloadableConfigLoader.load(file));
        assertEquals(expected, e.getMessage());
        assertTrue(e.getMessage().contains("bad.yaml:5:"), e.getMessage());
    }

    @Test
    void jacksonAndConfigLoaderComeFromTheThrowAwayLoaderWhichIsUnloadedAfterwards() throws Exception {
        Path file = Files.writeString(dir.resolve("client.yaml"), YAML);
        ClassLoader loader = new UnloadableConfigLoader.IsolatingLoader(getClass().getClassLoader());
        assertSame(loader, Class.forName("com.fasterxml.jackson.databind.ObjectMapper", false, loader).getClassLoader());
        assertSame(loader, Class.forName(ConfigLoader.class.getName(), false, loader).getClassLoader());
        assertSame(getClass().getClassLoader(),
                Class.forName("com.fasterxml.jackson.annotation.JsonCreator", false, loader).getClassLoader());
        assertSame(ClientAgentConfig.class, Class.forName(ClientAgentConfig.class.getName(), false, loader));
        assertNotSame(ConfigLoader.class, Class.forName(ConfigLoader.class.getName(), false, loader));

        assertInstanceOf(ClientAgentConfig.class, UnloadableConfigLoader.loadOnThread(file, loader));
        WeakReference<ClassLoader> ref = new WeakReference<>(loader);
        loader = null;
        Await.until(Duration.ofSeconds(20), "throw-away config loader collected", () -> {
            System.gc();
            return ref.get() == null;
        });
    }

    @Test
    void tlsProviderDefaultsToJdkAndRejectsUnknownValues() throws Exception {
        Path file = Files.writeString(dir.resolve("client.yaml"), YAML.replace("tls-provider: openssl\n", ""));
        assertEquals(TlsProviderChoice.JDK, UnloadableConfigLoader.load(file).tlsProvider());
        Path bad = Files.writeString(dir.resolve("bad.yaml"), YAML.replace("tls-provider: openssl", "tls-provider: gnutls"));
        String m = assertThrows(ConfigException.class, () -> UnloadableConfigLoader.load(bad)).getMessage();
        assertTrue(m.contains("tls-provider") && m.contains("jdk, openssl, auto"), m);
    }
}
