/**
 * The agents' HTTP endpoint for Prometheus scrapes ({@code /metrics}), scripts
 * ({@code /metrics.json}) and health checks ({@code /healthz}).
 *
 * <pre>{@code
 * MetricsServer server = MetricsServer.start(cfg.metrics().listenOr(9776), registry, agent::healthy, group);
 * }</pre>
 * Requests are served on the given event loop group; gauges in the registry and the health
 * supplier are therefore called on an event loop and must be cheap and non-blocking.
 */
package org.entropyfleet.link.metrics;
