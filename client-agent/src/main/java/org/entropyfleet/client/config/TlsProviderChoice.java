package org.entropyfleet.client.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.netty.handler.ssl.SslProvider;
import java.util.Locale;
import org.entropyfleet.link.tls.SslProviders;

/**
 * Config key {@code tls-provider}: which TLS implementation the client uses upstream. {@code jdk} is
 * the default: the client does one handshake per host connection and moves a few hundred bytes a
 * minute, so BoringSSL's speed buys nothing, while loading it costs ≈ 2 MB RSS (measured by
 * FootprintBenchmark). {@code openssl} forces BoringSSL (netty-tcnative); {@code auto} is BoringSSL if it
 * loads, else the JDK.
 */
public enum TlsProviderChoice {
    JDK, OPENSSL, AUTO;

    @JsonValue
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static TlsProviderChoice fromConfig(String s) {
        for (TlsProviderChoice c : values()) {
            if (c.configName().equals(s)) {
                return c;
            }
        }
        throw new IllegalArgumentException("must be one of jdk, openssl, auto (was '" + s + "')");
    }

    public SslProvider sslProvider() {
        return switch (this) {
            case JDK -> SslProvider.JDK;
            case OPENSSL -> SslProvider.OPENSSL;
            case AUTO -> SslProviders.preferred();
        };
    }
}
