package org.entropyfleet.certs.check;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.entropyfleet.certs.issue.LeafKind;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;

/** What an index line records about a leaf, read back from the certificate itself. */
final class LeafFacts {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private LeafFacts() {
    }

    /** The subject CN, which {@code issue} sets to NAME. */
    static String commonName(X509Certificate cert) {
        var rdns = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
        return rdns.length == 0 ? "serial-" + cert.getSerialNumber().toString(16)
                : IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }

    /** host, host+client or client, from the extended key usages {@code issue} sets per kind. */
    static String kind(X509Certificate cert) {
        List<String> ekus;
        try {
            ekus = cert.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            ekus = null;
        }
        boolean server = ekus != null && ekus.contains(SERVER_AUTH);
        boolean client = ekus != null && ekus.contains(CLIENT_AUTH);
        LeafKind k = server && client ? LeafKind.HOST_AND_CLIENT : server ? LeafKind.HOST : LeafKind.CLIENT;
        return k.label();
    }
}
