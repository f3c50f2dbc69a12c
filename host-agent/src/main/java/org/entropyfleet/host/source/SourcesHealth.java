package org.entropyfleet.host.source;

import java.util.ArrayList;
import java.util.List;
import org.entropyfleet.host.health.SourceHealth;
import org.entropyfleet.link.metrics.Health;

/**
 * The host-agent's {@code /healthz} from its sources. A source serves when its stream is running and
 * its bytes pass the health tests. Down when no source serves (nothing new reaches the pool); degraded
 * when some serve and others do not, each of those named: {@code source hwrng stalled}, {@code
 * source b quarantined}, {@code source c disabled}…
 */
public final class SourcesHealth {
    private SourcesHealth() {
    }

    /** One source as the check sees it. */
    public record Status(String name, StreamSource.State state, SourceHealth.State health) {
        boolean serving() {
            return state == StreamSource.State.RUNNING && health == SourceHealth.State.HEALTHY;
        }

        String reason() {
            String why = health == SourceHealth.State.DISABLED ? "disabled by its health tests"
                    : state != StreamSource.State.RUNNING ? state.name().toLowerCase(java.util.Locale.ROOT)
                    : "quarantined by its health tests";
            return "source " + name + " " + why;
        }
    }

    /** The live sources' health; O(sources), no locks. */
    public static Health of(List<StreamSource> sources) {
        List<Status> statuses = new ArrayList<>(sources.size());
        for (StreamSource s : sources) {
            statuses.add(new Status(s.name(), s.state(), s.healthState()));
        }
        return evaluate(statuses);
    }

    public static Health evaluate(List<Status> sources) {
        List<String> reasons = new ArrayList<>();
        boolean anyServing = false;
        for (Status s : sources) {
            if (s.serving()) {
                anyServing = true;
            } else {
                reasons.add(s.reason());
            }
        }
        if (!anyServing) {
            reasons.add(0, "no source serving");
            return new Health(Health.Level.DOWN, reasons);
        }
        return reasons.isEmpty() ? Health.OK : new Health(Health.Level.DEGRADED, reasons);
    }
}
