package org.entropyfleet.host.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.entropyfleet.host.health.SourceHealth;
import org.entropyfleet.host.source.SourcesHealth.Status;
import org.entropyfleet.link.metrics.Health;
import org.junit.jupiter.api.Test;

class SourcesHealthTest {
    private static Status serving(String name) {
        return new Status(name, StreamSource.State.RUNNING, SourceHealth.State.HEALTHY);
    }

    @Test
    void okWhenEverySourceServes() {
        assertEquals(Health.OK, SourcesHealth.evaluate(List.of(serving("a"), serving("b"))));
    }

    @Test
    void degradedNamesEachSourceThatDoesNotServeWhileAnotherDoes() {
        Health h = SourcesHealth.evaluate(List.of(serving("hwrng"),
                new Status("b", StreamSource.State.STALLED, SourceHealth.State.HEALTHY),
                new Status("c", StreamSource.State.RUNNING, SourceHealth.State.QUARANTINED),
                new Status("d", StreamSource.State.DISABLED, SourceHealth.State.DISABLED)));
        assertEquals("degraded: source b stalled; source c quarantined by its health tests; "
                + "source d disabled by its health tests", h.body());
        assertEquals(200, h.httpStatus());
    }

    @Test
    void downWhenNoSourceServes() {
        Health h = SourcesHealth.evaluate(List.of(new Status("a", StreamSource.State.FAILED, SourceHealth.State.HEALTHY),
                new Status("b", StreamSource.State.STARTING, SourceHealth.State.HEALTHY)));
        assertEquals("down: no source serving; source a failed; source b starting", h.body());
        assertEquals(503, h.httpStatus());
    }
}
