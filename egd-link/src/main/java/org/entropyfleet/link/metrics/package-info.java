/**
 * The agents' HTTP endpoint for Prometheus scrapes ({@code /metrics}), scripts
 * ({@code /metrics.json}) and health checks ({@code /healthz}).
 *
 * <pre>{@code
 * HealthChecks health = new HealthChecks().add(agent::sourcesHealth);
 * MetricsServer server = MetricsServer.start(cfg.metrics().withListenOr(DEFAULT), registry, health, group);
 * }</pre>
 * Requests are served on the given event loop group; gauges in the registry and the health
 * checks are therefore called on an event loop and must be cheap and non-blocking.
 */
package org.entropyfleet.link.metrics;
