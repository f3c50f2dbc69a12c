package org.entropyfleet.link.metrics;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * An agent's {@code /healthz}: the {@link Health#and combination} of every component's check, so a
 * component added later (e.g. "CRL expired") contributes its reason without the agent's own check
 * knowing about it. Checks run on the metrics event loop for every request: each must be cheap and
 * must not block. A check that throws counts as DOWN, naming the exception.
 */
public final class HealthChecks implements Supplier<Health> {
    private final List<Supplier<Health>> checks = new CopyOnWriteArrayList<>();

    /** Adds a check; may be called while the agent runs. */
    public HealthChecks add(Supplier<Health> check) {
        checks.add(Objects.requireNonNull(check, "check"));
        return this;
    }

    @Override
    public Health get() {
        Health h = Health.OK;
        for (Supplier<Health> c : checks) {
            h = h.and(run(c));
        }
        return h;
    }

    private static Health run(Supplier<Health> check) {
        try {
            Health h = check.get();
            return h == null ? Health.OK : h;
        } catch (RuntimeException e) {
            return Health.down("health check failed: " + e);
        }
    }
}
