package org.entropyfleet.client.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.entropyfleet.link.metrics.HealthExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record a timer-mode seed leaves, read back by status and turned into the textfile. */
class SeedRecordTest {
    @TempDir
    Path dir;

    private static final Instant T = Instant.parse("2026-12-05T12:00:00Z");
    private static final Duration MAX_AGE = Duration.ofHours(2);

    @Test
    void aRunIsReadBackAndAFailureKeepsTheLastSuccess() throws Exception {
        assertNull(SeedRecord.read(dir));
        SeedRecord ok = SeedRecord.succeeded(T, "rng1:7776", 64, 512, Duration.ofMillis(830));
        ok.write(dir);
        assertEquals(ok, SeedRecord.read(dir));

        SeedRecord failed = SeedRecord.failed(T.plusSeconds(3600), SeedRecord.read(dir));
        failed.write(dir);
        assertEquals(failed, SeedRecord.read(dir));
        assertEquals(T, SeedRecord.read(dir).lastSuccess());
    }

    @Test
    void statusIsOkDegradedOrDownByTheLastSuccess() {
        SeedRecord ok = SeedRecord.succeeded(T, "rng1:7776", 64, 512, null);
        SeedRecord failed = SeedRecord.failed(T.plusSeconds(600), ok);
        assertEquals(HealthExitCode.OK, SeedStatus.exitCode(ok, T.plusSeconds(60), MAX_AGE));
        assertEquals(HealthExitCode.DEGRADED, SeedStatus.exitCode(failed, T.plusSeconds(660), MAX_AGE));
        assertEquals(HealthExitCode.DOWN, SeedStatus.exitCode(failed, T.plus(MAX_AGE).plusSeconds(1), MAX_AGE));
        assertEquals(HealthExitCode.DOWN, SeedStatus.exitCode(SeedRecord.failed(T, null), T, MAX_AGE));
        assertEquals(HealthExitCode.DOWN, SeedStatus.exitCode(null, T, MAX_AGE));

        StringWriter text = new StringWriter();
        SeedStatus.print(failed, T.plusSeconds(660), MAX_AGE, new PrintWriter(text), false);
        assertTrue(text.toString().contains("FAILED") && text.toString().contains("status: degraded"), text.toString());
    }

    @Test
    void theTextfileCarriesTheLastRunForTheAlertRules() throws Exception {
        Path prom = SeedTextfile.write(SeedRecord.succeeded(T, "rng1:7776", 64, 512, null), dir);
        assertEquals("entropy-fleet-client-seed.prom", prom.getFileName().toString());
        String text = Files.readString(prom);
        assertTrue(text.contains("seed_last_success_timestamp_seconds " + T.getEpochSecond())
                || text.contains("seed_last_success_timestamp_seconds 1.7"), text);
        assertTrue(text.contains("seed_ok 1"), text);
        // the name the shipped alert rule EntropyFleetSeedTimerStale uses
        assertTrue(text.contains("# TYPE seed_last_success_timestamp_seconds gauge"), text);
    }
}
