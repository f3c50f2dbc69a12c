package org.entropyfleet.link.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.entropyfleet.link.testsupport.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFilesTest {
    private static final String YAML = """
            listen: "127.0.0.1:7776"
            sources:
              - {type: device, path: /dev/hwrng, min-entropy: 7}
            idle-timeout: 30s
            buffer-size: 4KiB
            """;

    @TempDir
    Path dir;

    @Test
    void readsTheSameConfigAsTheOrdinaryLoader() throws Exception {
        Path file = Files.writeString(dir.resolve("agent.yaml"), YAML);
        SampleConfig isolated = ConfigFiles.load(file, SampleConfig.class);
        assertEquals(ConfigLoader.load(file, SampleConfig.class), isolated);
        assertEquals(Duration.ofSeconds(30), isolated.idleTimeout());
        assertEquals(7, isolated.sources().get(0).minEntropy());
    }

    @Test
    void errorsNameFileLineAndKeyAsTheOrdinaryLoaderDoes() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), YAML.replace("idle-timeout: 30s", "idle-timout: 30s"));
        String expected = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, SampleConfig.class)).getMessage();
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFiles.load(file, SampleConfig.class));
        assertEquals(expected, e.getMessage());
        assertTrue(e.getMessage().contains("bad.yaml:4:"), e.getMessage());
        assertEquals(expected, assertThrows(ConfigException.class, () -> ConfigFiles.loadOnce(file, SampleConfig.class)).getMessage());
    }

    @Test
    void aOneShotRunReadsTheSameConfigInTheApplicationLoader() throws Exception {
        Path file = Files.writeString(dir.resolve("agent.yaml"), YAML);
        assertEquals(ConfigFiles.load(file, SampleConfig.class), ConfigFiles.loadOnce(file, SampleConfig.class));
    }

    @Test
    void jacksonAndConfigLoaderComeFromTheThrowAwayLoaderWhichIsUnloadedAfterwards() throws Exception {
        Path file = Files.writeString(dir.resolve("agent.yaml"), YAML);
        ClassLoader loader = new ConfigFiles.IsolatingLoader(getClass().getClassLoader());
        assertSame(loader, Class.forName("com.fasterxml.jackson.databind.ObjectMapper", false, loader).getClassLoader());
        assertSame(loader, Class.forName(ConfigFiles.LOADER, false, loader).getClassLoader());
        assertSame(getClass().getClassLoader(),
                Class.forName("com.fasterxml.jackson.annotation.JsonCreator", false, loader).getClassLoader());
        assertSame(SampleConfig.class, Class.forName(SampleConfig.class.getName(), false, loader));
        assertNotSame(ConfigLoader.class, Class.forName(ConfigFiles.LOADER, false, loader));

        assertNotNull(ConfigFiles.loadOnThread(file, SampleConfig.class, loader).config());
        WeakReference<ClassLoader> ref = new WeakReference<>(loader);
        loader = null;
        Poll.until(Duration.ofSeconds(20), "throw-away config loader collected", () -> {
            System.gc();
            return ref.get() == null;
        });
    }
}
