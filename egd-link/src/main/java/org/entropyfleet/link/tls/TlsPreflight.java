package org.entropyfleet.link.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.entropyfleet.link.config.ConfigFindings;
import org.entropyfleet.link.config.TlsConfig;

/**
 * Checks a {@code tls:} block for what would make the agent fail at run time, before it runs: files
 * missing or unreadable, a key that is not the certificate's, a certificate expired or not yet valid,
 * one that does not chain to the CA bundle, one without the extended key usage its role needs, and
 * (for a host) one whose names do not cover the address it listens on. Both agents' {@code check-config}
 * use it, so the two sides judge certificates alike.
 *
 * <p>Findings name the key inside the {@code tls:} block ({@code cert}, {@code key}, {@code ca},
 * {@code crl}, {@code allow}); the caller prefixes the block's path and locates the line.
 */
public final class TlsPreflight {
    /** A certificate expiring within this is reported as a warning. */
    public static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    private static final String ANY_EKU = "2.5.29.37.0";

    /** Which side of the handshake the certificate is for. */
    public enum Role {
        SERVER("serverAuth", "1.3.6.1.5.5.7.3.1"),
        CLIENT("clientAuth", "1.3.6.1.5.5.7.3.2");

        private final String ekuName;
        private final String ekuOid;

        Role(String ekuName, String ekuOid) {
            this.ekuName = ekuName;
            this.ekuOid = ekuOid;
        }
    }

    /** An error stops the agent at run time; a warning is worth knowing but does not. */
    public enum Severity { ERROR, WARNING }

    /** One problem, at {@code key} within the {@code tls:} block. */
    public record Finding(Severity severity, String key, String message) {
        public boolean isError() {
            return severity == Severity.ERROR;
        }
    }

    private TlsPreflight() {
    }

    /**
     * @param listenHost for {@link Role#SERVER}: the host or IP the agent listens on, or null for a wildcard
     *                   address or a unix socket (nothing to match)
     * @param now        the time to judge validity at
     */
    public static List<Finding> check(TlsConfig cfg, Role role, String listenHost, Instant now) {
        List<Finding> out = new ArrayList<>();
        List<X509Certificate> chain = load(out, "cert", cfg.cert(), f -> PemFiles.certificates(f, "certificate chain"));
        PrivateKey key = load(out, "key", cfg.key(), PemFiles::privateKey);
        List<X509Certificate> cas = load(out, "ca", cfg.ca(), f -> PemFiles.certificates(f, "CA bundle"));
        if (cfg.crl() != null) {
            load(out, "crl", cfg.crl(), PemFiles::crls);
        }
        if (chain != null) {
            X509Certificate leaf = chain.get(0);
            if (key != null) {
                try {
                    PemFiles.checkKeyMatches(cfg.key(), key, leaf);
                } catch (TlsConfigException e) {
                    out.add(error("key", cfg.key() + " is not the key of the certificate in " + cfg.cert()));
                }
            }
            checkDates(out, leaf, now);
            checkEku(out, leaf, role);
            if (cas != null) {
                checkChain(out, chain, cas, cfg.ca(), now);
            }
            if (role == Role.SERVER && listenHost != null) {
                checkNames(out, leaf, listenHost);
            }
        }
        if (role == Role.SERVER && cfg.allow().isEmpty()) {
            out.add(new Finding(Severity.WARNING, "allow", "empty: every certificate the CA bundle trusts is accepted"));
        }
        return out;
    }

    /**
     * Runs {@link #check} now and adds its findings to {@code into}, at {@code keyPrefix} + "." + key
     * (e.g. {@code tls.cert}, {@code sources[0].tls.ca}).
     */
    public static void checkInto(ConfigFindings into, String keyPrefix, TlsConfig cfg, Role role, String listenHost) {
        for (Finding f : check(cfg, role, listenHost, Instant.now())) {
            String key = keyPrefix + "." + f.key();
            if (f.isError()) {
                into.error(key, f.message());
            } else {
                into.warning(key, f.message());
            }
        }
    }

    /** True for addresses that mean "every interface", which no certificate name needs to cover. */
    public static boolean isWildcard(String host) {
        if (host == null) {
            return true;
        }
        try {
            // only literals: a host name must not cost a DNS lookup here
            return isIpLiteral(host) && InetAddress.getByName(host).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @FunctionalInterface
    private interface Loader<T> {
        T load(Path file) throws TlsConfigException;
    }

    private static <T> T load(List<Finding> out, String key, Path file, Loader<T> loader) {
        if (!Files.exists(file)) {
            out.add(error(key, "no such file: " + file));
            return null;
        }
        if (!Files.isReadable(file)) {
            out.add(error(key, "cannot read " + file + " (permissions)"));
            return null;
        }
        try {
            return loader.load(file);
        } catch (TlsConfigException e) {
            out.add(error(key, e.getMessage()));
            return null;
        }
    }

    private static void checkDates(List<Finding> out, X509Certificate leaf, Instant now) {
        Instant notBefore = leaf.getNotBefore().toInstant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (now.isAfter(notAfter)) {
            out.add(error("cert", "certificate " + PeerTrustManager.describe(leaf) + " expired at " + notAfter));
        } else if (now.isBefore(notBefore)) {
            out.add(error("cert", "certificate " + PeerTrustManager.describe(leaf) + " is not valid until " + notBefore));
        } else if (now.plus(EXPIRY_WARNING).isAfter(notAfter)) {
            long days = Duration.between(now, notAfter).toDays();
            out.add(new Finding(Severity.WARNING, "cert", "certificate " + PeerTrustManager.describe(leaf)
                    + " expires at " + notAfter + " (in " + days + " days)"));
        }
    }

    private static void checkEku(List<Finding> out, X509Certificate leaf, Role role) {
        List<String> ekus;
        try {
            ekus = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            out.add(error("cert", "unreadable extended key usage: " + e.getMessage()));
            return;
        }
        // No extension at all means any purpose (RFC 5280 4.2.1.12), and peers accept it.
        if (ekus != null && !ekus.contains(role.ekuOid) && !ekus.contains(ANY_EKU)) {
            out.add(error("cert", "certificate lacks extended key usage " + role.ekuName + " (has "
                    + ekuNames(ekus) + "); peers will refuse it — issue a "
                    + (role == Role.SERVER ? "host" : "client") + " certificate"));
        }
    }

    private static void checkChain(List<Finding> out, List<X509Certificate> chain, List<X509Certificate> cas,
                                   Path caFile, Instant now) {
        try {
            Set<TrustAnchor> anchors = new HashSet<>();
            for (X509Certificate ca : cas) {
                anchors.add(new TrustAnchor(ca, null));
            }
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            // Dates are judged above; here only the signatures and names count.
            X509Certificate leaf = chain.get(0);
            Instant at = now.isBefore(leaf.getNotBefore().toInstant()) || now.isAfter(leaf.getNotAfter().toInstant())
                    ? leaf.getNotBefore().toInstant().plusSeconds(1) : now;
            params.setDate(Date.from(at));
            List<X509Certificate> path = new ArrayList<>(chain);
            path.removeIf(c -> anchors.stream().anyMatch(a -> a.getTrustedCert().equals(c)));
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(path), params);
        } catch (GeneralSecurityException e) {
            out.add(error("cert", "certificate " + PeerTrustManager.describe(chain.get(0))
                    + " does not chain to a CA in " + caFile + " (" + e.getMessage() + ")"));
        }
    }

    private static void checkNames(List<Finding> out, X509Certificate leaf, String host) {
        if (isWildcard(host)) {
            return;
        }
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        try {
            if (leaf.getSubjectAlternativeNames() != null) {
                for (List<?> san : leaf.getSubjectAlternativeNames()) {
                    int type = (Integer) san.get(0);
                    if (type == 2) {
                        dns.add(((String) san.get(1)).toLowerCase(Locale.ROOT));
                    } else if (type == 7) {
                        ips.add((String) san.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            out.add(error("cert", "unreadable subject alternative names: " + e.getMessage()));
            return;
        }
        if (!covers(host, dns, ips)) {
            List<String> all = new ArrayList<>(dns);
            all.addAll(ips);
            out.add(error("cert", "certificate names " + all + " do not cover the listen address '" + host
                    + "'; clients dialling it will refuse the host"));
        }
    }

    private static boolean covers(String host, List<String> dns, List<String> ips) {
        if (isIpLiteral(host)) {
            try {
                InetAddress want = InetAddress.getByName(host);
                for (String ip : ips) {
                    if (InetAddress.getByName(ip).equals(want)) {
                        return true;
                    }
                }
            } catch (UnknownHostException e) {
                return false;
            }
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        for (String d : dns) {
            if (d.equals(name)) {
                return true;
            }
            // RFC 6125: "*" only as the whole left-most label, matching exactly one label.
            if (d.startsWith("*.") && name.indexOf('.') > 0 && name.substring(name.indexOf('.')).equals(d.substring(1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static String ekuNames(List<String> ekus) {
        List<String> names = new ArrayList<>();
        for (String oid : ekus) {
            names.add(switch (oid) {
                case "1.3.6.1.5.5.7.3.1" -> "serverAuth";
                case "1.3.6.1.5.5.7.3.2" -> "clientAuth";
                default -> oid;
            });
        }
        return String.join(", ", names);
    }

    private static Finding error(String key, String message) {
        return new Finding(Severity.ERROR, key, message);
    }
}
