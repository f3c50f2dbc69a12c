package org.entropyfleet.link.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

    @Test
    void durations() {
        assertEquals(Duration.ofSeconds(30), Durations.parse("30s"));
        assertEquals(Duration.ofMinutes(10), Durations.parse("10m"));
        assertEquals(Duration.ofHours(1), Durations.parse("1h"));
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofDays(2), Durations.parse("2d"));
        assertEquals(Duration.ofSeconds(90), Durations.parse("1m30s"));
        assertEquals(Duration.ZERO, Durations.parse("0"));
        assertEquals(Duration.ofNanos(50_000), Durations.parse("50us"));
        for (String bad : new String[] {"30", "", "s", "1x", "1.5s", "-1s", "10 m", "1m30", "5u", "5µs"}) {
            assertThrows(IllegalArgumentException.class, () -> Durations.parse(bad), bad);
        }
        assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("0", Durations.format(Duration.ZERO));
        assertEquals("250ms", Durations.format(Duration.ofMillis(250)));
        assertEquals("50us", Durations.format(Duration.ofNanos(50_000)));
    }

    @Test
    void dataSizes() {
        assertEquals(1024 * 1024, DataSize.parse("1MiB").bytes());
        assertEquals(64 * 1024, DataSize.parse("64KiB").bytes());
        assertEquals(4096, DataSize.parse("4096").bytes());
        assertEquals(10_000, DataSize.parse("10kB").bytes());
        assertEquals(1L << 30, DataSize.parse("1GiB").bytes());
        assertEquals("64KiB", DataSize.parse("65536").toString());
        for (String bad : new String[] {"", "1 TiB", "-1", "1.5MiB", "MiB", "99999999999999GiB"}) {
            assertThrows(IllegalArgumentException.class, () -> DataSize.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> DataSize.parse("3GiB").toIntBytes());
    }

    @Test
    void endpoints() {
        assertEquals(Endpoint.tcp("0.0.0.0", 7776), Endpoint.parse("0.0.0.0:7776"));
        assertEquals(Endpoint.tcp("::1", 7776), Endpoint.parse("[::1]:7776"));
        assertEquals(Endpoint.tcp("host.example", 7776), Endpoint.parse("host.example:7776"));
        Endpoint unix = Endpoint.parse("unix:/run/x.sock");
        assertTrue(unix.isUnix());
        assertEquals(Path.of("/run/x.sock"), unix.unixPath());
        assertFalse(Endpoint.parse("a:1").isUnix());
        assertEquals(Endpoint.tcp("rng1", 7776), Endpoint.parse("rng1", 7776));
        assertEquals(Endpoint.tcp("::1", 9), Endpoint.parse("[::1]", 9));
        for (String s : new String[] {"0.0.0.0:7776", "[::1]:7776", "host.example:7776", "unix:/run/x.sock"}) {
            assertEquals(s, Endpoint.parse(s).toString());
        }
        for (String bad : new String[] {"", "host", "::1:7776", "[::1", "[::1]x", ":7776", "h:70000", "h:x",
            "unix:relative.sock", "unix:/" + "a".repeat(120)}) {
            assertThrows(IllegalArgumentException.class, () -> Endpoint.parse(bad), bad);
        }
    }

    @Test
    void metricsDefaultsToLoopback() {
        assertEquals(Endpoint.tcp("127.0.0.1", 9777), new MetricsConfig(null).listenOr(9777));
        assertEquals(Endpoint.tcp("::1", 1), new MetricsConfig(Endpoint.tcp("::1", 1)).listenOr(9777));
        assertEquals(Endpoint.tcp("127.0.0.1", 9776), MetricsConfig.defaultFor(9776).listen());
    }
}
