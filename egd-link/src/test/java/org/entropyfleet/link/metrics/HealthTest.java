package org.entropyfleet.link.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HealthTest {
    @Test
    void bodiesAndStatuses() {
        assertEquals("ok", Health.OK.body());
        assertEquals(200, Health.OK.httpStatus());
        Health degraded = Health.degraded("source b stalled", "CRL expired");
        assertEquals("degraded: source b stalled; CRL expired", degraded.body());
        assertEquals(200, degraded.httpStatus());
        Health down = Health.down("no source serving");
        assertEquals("down: no source serving", down.body());
        assertEquals(503, down.httpStatus());
    }

    @Test
    void combiningKeepsTheWorstLevelAndEveryReason() {
        Health degraded = Health.degraded("a");
        Health down = Health.down("b");
        assertSame(degraded, Health.OK.and(degraded));
        assertSame(degraded, degraded.and(Health.OK));
        assertEquals(new Health(Health.Level.DOWN, List.of("a", "b")), degraded.and(down));
        assertEquals(new Health(Health.Level.DOWN, List.of("b", "a")), down.and(degraded));
        assertEquals(new Health(Health.Level.DEGRADED, List.of("a", "a")), degraded.and(degraded));
    }

    @Test
    void reasonsStayOnOneLineAndAreRequiredExactlyWhenNotOk() {
        assertEquals("down: x  y z", Health.down("x\n y;z").body());
        assertThrows(IllegalArgumentException.class, () -> new Health(Health.Level.DEGRADED, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Health(Health.Level.OK, List.of("why")));
        assertThrows(IllegalArgumentException.class, () -> Health.down(" "));
    }

    @Test
    void checksCombineAndAThrowingCheckIsDown() {
        HealthChecks checks = new HealthChecks();
        assertEquals(Health.OK, checks.get());
        checks.add(() -> Health.OK).add(() -> Health.degraded("CRL expired"));
        assertEquals("degraded: CRL expired", checks.get().body());
        checks.add(() -> {
            throw new IllegalStateException("boom");
        });
        Health h = checks.get();
        assertEquals(Health.Level.DOWN, h.level());
        assertTrue(h.body().startsWith("down: CRL expired; health check failed: java.lang.IllegalStateException: boom"),
                h.body());
    }

    @Test
    void statusExitCodesFollowTheBody() {
        assertEquals(HealthExitCode.OK, HealthExitCode.of("ok\n"));
        assertEquals(HealthExitCode.DEGRADED, HealthExitCode.of("degraded: source b stalled\n"));
        assertEquals(HealthExitCode.DOWN, HealthExitCode.of("down: no host reachable\n"));
        assertEquals(HealthExitCode.DOWN, HealthExitCode.of("not found\n"));
    }
}
