package org.entropyfleet.link.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Picks the TLS engine. BoringSSL (netty-tcnative-boringssl-static) does a full mTLS handshake in a
 * fraction of the JDK's CPU time and memory, which is what lets one host agent serve thousands of VMs;
 * the JDK engine is the fallback on platforms without the native library.
 */
public final class SslProviders {

    private static final Logger LOG = LoggerFactory.getLogger(SslProviders.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private SslProviders() {
    }

    /** {@link SslProvider#OPENSSL} if BoringSSL loads, else {@link SslProvider#JDK} with one logged warning. */
    public static SslProvider preferred() {
        if (OpenSsl.isAvailable()) {
            return SslProvider.OPENSSL;
        }
        if (WARNED.compareAndSet(false, true)) {
            Throwable cause = OpenSsl.unavailabilityCause();
            LOG.warn("event=tls-provider-fallback provider=jdk reason=\"BoringSSL (netty-tcnative) unavailable: {}\"",
                    cause == null ? "unknown cause" : cause.toString());
        }
        return SslProvider.JDK;
    }
}
