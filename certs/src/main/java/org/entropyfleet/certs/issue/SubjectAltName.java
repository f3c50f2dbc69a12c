package org.entropyfleet.certs.issue;

import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.util.IPAddress;
import org.entropyfleet.certs.cli.CertsException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A DNS or IP subject alternative name, validated and in canonical form (lower-case DNS name,
 * normalised IP text) so that comparing the SANs of an existing certificate with a request is exact.
 *
 * @param type  {@link GeneralName#dNSName} or {@link GeneralName#iPAddress}
 * @param value canonical text
 */
public record SubjectAltName(int type, String value) implements Comparable<SubjectAltName> {
    public static final int MAX_DNS_LENGTH = 253;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern ALL_NUMERIC = Pattern.compile("[0-9.]+");

    /** Parses {@code DNS:name}, {@code IP:addr} or a bare name / address (detected). */
    public static SubjectAltName parse(String raw) {
        String s = raw.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("dns:")) {
            return dns(s.substring(4), raw);
        }
        if (lower.startsWith("ip:")) {
            return ip(s.substring(3), raw);
        }
        if (s.contains(":") || ALL_NUMERIC.matcher(s).matches()) {
            return ip(s, raw);
        }
        return dns(s, raw);
    }

    public static boolean isDnsName(String s) {
        try {
            dns(s, s);
            return true;
        } catch (CertsException e) {
            return false;
        }
    }

    public static boolean isIpAddress(String s) {
        return IPAddress.isValidIPv4(s) || IPAddress.isValidIPv6(s);
    }

    private static SubjectAltName dns(String name, String raw) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        String body = n.startsWith("*.") ? n.substring(2) : n;
        boolean ok = !body.isEmpty() && n.length() <= MAX_DNS_LENGTH && !ALL_NUMERIC.matcher(body).matches();
        if (ok) {
            for (String label : body.split("\\.", -1)) {
                ok &= LABEL.matcher(label).matches();
            }
        }
        if (!ok) {
            throw CertsException.config("invalid SAN '" + raw + "': not a valid DNS name or IP address");
        }
        return new SubjectAltName(GeneralName.dNSName, n);
    }

    private static SubjectAltName ip(String addr, String raw) {
        String a = addr.startsWith("[") && addr.endsWith("]") ? addr.substring(1, addr.length() - 1) : addr;
        if (!IPAddress.isValidIPv4(a) && !IPAddress.isValidIPv6(a)) {
            throw CertsException.config("invalid SAN '" + raw + "': not a valid IP address");
        }
        try {
            // a validated literal: getByName parses it without any DNS lookup
            return new SubjectAltName(GeneralName.iPAddress, InetAddress.getByName(a).getHostAddress());
        } catch (UnknownHostException e) {
            throw CertsException.config("invalid SAN '" + raw + "': not a valid IP address", e);
        }
    }

    /** The DNS and IP SANs of a certificate, canonical and sorted. */
    public static List<SubjectAltName> of(X509Certificate cert) {
        List<SubjectAltName> out = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == GeneralName.dNSName) {
                        out.add(new SubjectAltName(type, san.get(1).toString().toLowerCase(Locale.ROOT)));
                    } else if (type == GeneralName.iPAddress) {
                        out.add(ip(san.get(1).toString(), san.get(1).toString()));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw CertsException.config("cannot read subject alternative names: " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }

    public GeneralName toGeneralName() {
        return new GeneralName(type, value);
    }

    @Override
    public int compareTo(SubjectAltName o) {
        return type != o.type ? Integer.compare(type, o.type) : value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return (type == GeneralName.dNSName ? "DNS:" : "IP:") + value;
    }
}
