package org.entropyfleet.link.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The {@code tls:} block shared by both agents: our certificate chain and PKCS#8 key, the CA bundle
 * we trust for peers, an optional CRL, and (server side) the allowlist of peer names.
 *
 * <p>Defaults: {@code protocols = [TLSv1.3]}, {@code reload-interval = 10s},
 * {@code handshake-timeout = 10s}, {@code allow = []} (an empty allowlist accepts every certificate
 * the CA bundle trusts, like stunnel's {@code verify = 2}). Only TLSv1.3 and TLSv1.2 may be listed.
 * {@code reload-interval: 0} turns file polling off ({@code reload()} still works).
 *
 * @param cert             PEM certificate chain, leaf first
 * @param key              PEM PKCS#8 private key (EC P-256/P-384 or RSA ≥ 2048)
 * @param ca               PEM bundle of trusted CA certificates (one or more)
 * @param crl              PEM CRL(s) issued by CAs in the bundle, or {@code null}
 * @param allow            globs ({@code *}, {@code ?}) matched against the peer's CN and SANs
 * @param protocols        enabled TLS versions
 * @param reloadInterval   how often the files are checked for changes
 * @param handshakeTimeout how long a TLS handshake may take before the connection is closed
 * @param crlExpired       what to do with peers whose CA's CRL is past its nextUpdate: {@code warn}
 *                         (default: keep using the CRL, report it in metrics and health) or
 *                         {@code refuse} (fail closed: refuse those peers until a fresh CRL arrives)
 */
public record TlsConfig(Path cert, Path key, Path ca, Path crl, List<String> allow, List<String> protocols,
                        Duration reloadInterval, Duration handshakeTimeout, String crlExpired) {

    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3");
    public static final Set<String> ALLOWED_PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2");
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Upper bound for handshake-timeout: a slower handshake is an attack or a dead peer. */
    public static final Duration MAX_HANDSHAKE_TIMEOUT = Duration.ofMinutes(5);
    /** Lower bound for a non-zero reload-interval, so polling never becomes a busy loop. */
    public static final Duration MIN_RELOAD_INTERVAL = Duration.ofMillis(50);
    public static final String CRL_EXPIRED_WARN = "warn";
    public static final String CRL_EXPIRED_REFUSE = "refuse";
    /** Bound on allowlist entries. */
    public static final int MAX_ALLOW_ENTRIES = 10_000;

    public TlsConfig {
        if (cert == null) {
            throw new IllegalArgumentException("key 'cert': required");
        }
        if (key == null) {
            throw new IllegalArgumentException("key 'key': required");
        }
        if (ca == null) {
            throw new IllegalArgumentException("key 'ca': required");
        }
        allow = allow == null ? List.of() : List.copyOf(allow);
        if (allow.size() > MAX_ALLOW_ENTRIES) {
            throw new IllegalArgumentException("key 'allow': at most " + MAX_ALLOW_ENTRIES + " entries");
        }
        for (int i = 0; i < allow.size(); i++) {
            if (allow.get(i).isBlank()) {
                throw new IllegalArgumentException("key 'allow[" + i + "]': must not be empty");
            }
        }
        protocols = protocols == null || protocols.isEmpty() ? DEFAULT_PROTOCOLS : List.copyOf(protocols);
        for (int i = 0; i < protocols.size(); i++) {
            if (!ALLOWED_PROTOCOLS.contains(protocols.get(i))) {
                throw new IllegalArgumentException("key 'protocols[" + i + "]': '" + protocols.get(i)
                        + "' not allowed (allowed: TLSv1.3, TLSv1.2)");
            }
        }
        reloadInterval = reloadInterval == null ? DEFAULT_RELOAD_INTERVAL : reloadInterval;
        if (reloadInterval.isNegative() || (!reloadInterval.isZero() && reloadInterval.compareTo(MIN_RELOAD_INTERVAL) < 0)) {
            throw new IllegalArgumentException("key 'reload-interval': must be 0 (off) or ≥ " + MIN_RELOAD_INTERVAL.toMillis() + "ms");
        }
        crlExpired = crlExpired == null ? CRL_EXPIRED_WARN : crlExpired;
        if (!crlExpired.equals(CRL_EXPIRED_WARN) && !crlExpired.equals(CRL_EXPIRED_REFUSE)) {
            throw new IllegalArgumentException("key 'crl-expired': '" + crlExpired + "' must be warn or refuse");
        }
        handshakeTimeout = handshakeTimeout == null ? DEFAULT_HANDSHAKE_TIMEOUT : handshakeTimeout;
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero() || handshakeTimeout.compareTo(MAX_HANDSHAKE_TIMEOUT) > 0) {
            throw new IllegalArgumentException("key 'handshake-timeout': must be > 0 and ≤ " + MAX_HANDSHAKE_TIMEOUT.toMinutes() + "m");
        }
    }

    /** Convenience for code and tests: cert, key and CA with every other setting at its default. */
    public static TlsConfig of(Path cert, Path key, Path ca) {
        return new TlsConfig(cert, key, ca, null, null, null, null, null, null);
    }

    public TlsConfig withCrl(Path newCrl) {
        return new TlsConfig(cert, key, ca, newCrl, allow, protocols, reloadInterval, handshakeTimeout, crlExpired);
    }

    public TlsConfig withAllow(List<String> newAllow) {
        return new TlsConfig(cert, key, ca, crl, newAllow, protocols, reloadInterval, handshakeTimeout, crlExpired);
    }

    public TlsConfig withProtocols(List<String> newProtocols) {
        return new TlsConfig(cert, key, ca, crl, allow, newProtocols, reloadInterval, handshakeTimeout, crlExpired);
    }

    public TlsConfig withReloadInterval(Duration d) {
        return new TlsConfig(cert, key, ca, crl, allow, protocols, d, handshakeTimeout, crlExpired);
    }

    public TlsConfig withCrlExpired(String policy) {
        return new TlsConfig(cert, key, ca, crl, allow, protocols, reloadInterval, handshakeTimeout, policy);
    }

    /** True if peers whose CA's CRL is out of date are refused. */
    public boolean refuseOnExpiredCrl() {
        return CRL_EXPIRED_REFUSE.equals(crlExpired);
    }

    public TlsConfig withHandshakeTimeout(Duration d) {
        return new TlsConfig(cert, key, ca, crl, allow, protocols, reloadInterval, d, crlExpired);
    }
}
