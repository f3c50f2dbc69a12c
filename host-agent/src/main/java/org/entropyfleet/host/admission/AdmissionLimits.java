package org.entropyfleet.host.admission;

import java.time.Duration;

/**
 * The connection limits of the TLS listener, from the config.
 *
 * @param maxConnections        authenticated connections in all (handshakes not counted)
 * @param perIdentity           authenticated connections of one certificate identity
 * @param maxHandshakes         connections still in their TLS handshake, in all
 * @param handshakesPerAddress  connections still in their TLS handshake from one source address
 * @param handshakeTimeout      normal deadline of a handshake
 * @param handshakeUnderLoad    deadline while {@code maxHandshakes} is full
 */
public record AdmissionLimits(int maxConnections, int perIdentity, int maxHandshakes, int handshakesPerAddress,
                              Duration handshakeTimeout, Duration handshakeUnderLoad) {
    public AdmissionLimits {
        if (maxConnections < 1 || perIdentity < 1 || maxHandshakes < 1 || handshakesPerAddress < 1) {
            throw new IllegalArgumentException("connection limits must be ≥ 1");
        }
    }
}
