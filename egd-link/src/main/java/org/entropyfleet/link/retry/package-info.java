/**
 * How long the agents wait before trying again: {@link org.entropyfleet.link.retry.Backoff}, the exponential
 * schedule both use, and {@link org.entropyfleet.link.retry.ReconnectBackoff}, a client's restart-aware use of
 * it (host-agent/bench/egdload.c {@code --jitter} replays it: keep the two in step).
 */
package org.entropyfleet.link.retry;
