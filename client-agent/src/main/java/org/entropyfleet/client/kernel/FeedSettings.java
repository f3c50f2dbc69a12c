package org.entropyfleet.client.kernel;

import java.time.Duration;

/**
 * What the feeder needs from the config, already validated.
 *
 * @param creditBitsPerByte bits credited per byte received (host-agents serve conditioned full-entropy
 *     bytes, so at most 8)
 * @param fetchTimeout how long one fetch may take before the feeder gives up this round
 */
public record FeedSettings(
        KernelMode mode,
        Duration topUpInterval,
        int topUpBytes,
        boolean reseed,
        int lowWatermark,
        int highWatermark,
        Duration pollInterval,
        int creditBitsPerByte,
        Duration fetchTimeout) {

    public FeedSettings {
        if (creditBitsPerByte < 0 || creditBitsPerByte > 8) {
            throw new IllegalArgumentException("credit-bits-per-byte must be 0..8");
        }
    }
}
