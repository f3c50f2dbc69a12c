package org.entropyfleet.client.upstream;

import io.netty.channel.ChannelPipeline;

/**
 * Adds client TLS to a new upstream connection, verifying the server against {@code host}. In the
 * agent this is {@code ClientTlsContext::addTo}; there is deliberately no plaintext implementation.
 */
@FunctionalInterface
public interface TlsInstaller {
    void addTo(ChannelPipeline pipeline, String host, int port);
}
