package org.entropyfleet.link.tls;

import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;

import java.util.List;

/**
 * Protocol versions and cipher suites. TLS 1.3 suites are all AEAD; when an operator enables TLS 1.2
 * (for an old peer) only ECDHE key exchange with AEAD ciphers is offered, so forward secrecy and
 * authenticated encryption hold either way. Versions below 1.2 are never enabled (config validation
 * refuses them).
 */
final class TlsProtocols {

    static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsProtocols() {
    }

    static SslContextBuilder apply(SslContextBuilder b, List<String> protocols) {
        return b.protocols(protocols).ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE);
    }
}
