package org.entropyfleet.link.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogTimestampsTest {
    @AfterEach
    void clear() {
        System.clearProperty(LogTimestamps.SHOW);
        System.clearProperty(LogTimestamps.FORMAT);
    }

    @Test
    void stampsLinesOutsideTheJournal() {
        LogTimestamps.configure(Map.of("INVOCATION_ID", "abc"));
        assertEquals("true", System.getProperty(LogTimestamps.SHOW));
        assertEquals(LogTimestamps.ISO, System.getProperty(LogTimestamps.FORMAT));
    }

    @Test
    void leavesTheTimeToJournald() {
        LogTimestamps.configure(Map.of("JOURNAL_STREAM", "8:12345", "INVOCATION_ID", "abc"));
        assertEquals("false", System.getProperty(LogTimestamps.SHOW));
        assertNull(System.getProperty(LogTimestamps.FORMAT));
    }

    @Test
    void anExplicitSettingWins() {
        System.setProperty(LogTimestamps.SHOW, "false");
        LogTimestamps.configure(Map.of());
        assertEquals("false", System.getProperty(LogTimestamps.SHOW));
    }
}
