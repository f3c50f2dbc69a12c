package org.entropyfleet.link.tls;

import io.netty.util.AttributeKey;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Who is on the other end of a connection, as proven by its certificate.
 *
 * <p>Set on the channel as {@link #ATTR} by the TLS layer once the handshake and the allowlist check
 * have passed; handlers further down the pipeline read it to attribute requests (quotas, metrics,
 * logs). Local plaintext endpoints (the loopback EGD socket of the client agent) use
 * {@link #local(String)} so consumers never see {@code null}.
 *
 * @param commonName  subject CN, or {@code ""} when the certificate has none
 * @param dnsNames    dNSName subject alternative names, in certificate order
 * @param ipAddresses iPAddress SANs in canonical textual form ({@code 127.0.0.1}, {@code 0:0:0:0:0:0:0:1})
 * @param serialHex   certificate serial number, lower-case hex; {@code ""} for local peers
 */
public record PeerIdentity(String commonName, List<String> dnsNames, List<String> ipAddresses, String serialHex) {

    /** Channel attribute carrying the authenticated peer. */
    public static final AttributeKey<PeerIdentity> ATTR = AttributeKey.valueOf(PeerIdentity.class, "peer");

    /** Prefix of {@link #commonName()} for identities that did not come from a certificate. */
    public static final String LOCAL_PREFIX = "local:";

    public PeerIdentity {
        commonName = commonName == null ? "" : commonName;
        dnsNames = dnsNames == null ? List.of() : List.copyOf(dnsNames);
        ipAddresses = ipAddresses == null ? List.of() : List.copyOf(ipAddresses);
        serialHex = serialHex == null ? "" : serialHex;
    }

    /** An identity for a local, unauthenticated endpoint (e.g. {@code local("unix:/run/egd.sock")}). */
    public static PeerIdentity local(String description) {
        return new PeerIdentity(LOCAL_PREFIX + Objects.requireNonNull(description, "description"), List.of(), List.of(), "");
    }

    /** Extracts CN, DNS and IP SANs and the serial of a (leaf) certificate. */
    public static PeerIdentity of(X509Certificate cert) {
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    Object value = san.get(1);
                    if (type == 2 && value instanceof String s) {
                        dns.add(s);
                    } else if (type == 7 && value instanceof String s) {
                        ips.add(canonicalIp(s));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // A malformed SAN extension leaves only the CN to match on; the chain was already verified.
        }
        return new PeerIdentity(commonName(cert.getSubjectX500Principal()), dns, ips,
                cert.getSerialNumber().toString(16));
    }

    /** True for identities created by {@link #local(String)}. */
    public boolean isLocal() {
        return serialHex.isEmpty() && commonName.startsWith(LOCAL_PREFIX);
    }

    /** A short name for logs and metrics: the CN, else the first DNS SAN, else the first IP SAN. */
    public String name() {
        if (!commonName.isEmpty()) {
            return commonName;
        }
        if (!dnsNames.isEmpty()) {
            return dnsNames.get(0);
        }
        if (!ipAddresses.isEmpty()) {
            return ipAddresses.get(0);
        }
        return "serial:" + serialHex;
    }

    /**
     * True if the glob matches the CN or any SAN exactly (case-insensitive, as DNS names are).
     * {@code *} matches any run of characters (dots included), {@code ?} exactly one; nothing else is special.
     */
    public boolean matches(String glob) {
        if (glob == null || glob.isEmpty()) {
            return false;
        }
        Pattern p = globToPattern(glob);
        if (!commonName.isEmpty() && p.matcher(commonName).matches()) {
            return true;
        }
        for (String d : dnsNames) {
            if (p.matcher(d).matches()) {
                return true;
            }
        }
        for (String ip : ipAddresses) {
            if (p.matcher(ip).matches()) {
                return true;
            }
        }
        return false;
    }

    /** True if any of the globs {@linkplain #matches(String) matches}. */
    public boolean matchesAny(Collection<String> globs) {
        for (String g : globs) {
            if (matches(g)) {
                return true;
            }
        }
        return false;
    }

    static Pattern globToPattern(String glob) {
        StringBuilder re = new StringBuilder(glob.length() + 8);
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    static String commonName(X500Principal subject) {
        try {
            LdapName ldap = new LdapName(subject.getName(X500Principal.RFC2253));
            // Most specific CN wins: RDNs are listed most-significant first by LdapName.
            for (int i = ldap.size() - 1; i >= 0; i--) {
                Rdn rdn = ldap.getRdns().get(i);
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            // fall through: no usable CN
        }
        return "";
    }

    private static String canonicalIp(String text) {
        try {
            // Literal only (no DNS lookup happens for a numeric address).
            return InetAddress.getByName(text).getHostAddress();
        } catch (UnknownHostException e) {
            return text;
        }
    }
}
