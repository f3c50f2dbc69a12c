package org.entropyfleet.certs.check;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.util.encoders.Hex;
import org.entropyfleet.certs.ca.CertificateAuthority;
import org.entropyfleet.certs.cli.CertsException;
import org.entropyfleet.certs.crl.RevocationReason;
import org.entropyfleet.certs.store.Pem;
import org.entropyfleet.certs.store.PkiLayout;
import org.entropyfleet.link.tls.CrlHistory;

import javax.security.auth.x500.X500Principal;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the files around the index say was issued and revoked: the certificates in {@code issued/} and
 * {@code ca/certs/}, and the revocations and CRL numbers of every CRL this directory published. The
 * index, serial and CRL counters are checked against it and rebuilt from it; it is only ever read.
 * Files signed by a CA this directory does not hold are ignored.
 */
public final class CaEvidence {
    private static final Pattern ARCHIVED = Pattern.compile("([0-9A-F]{2,64})\\.pem");

    /** A certificate on disk signed by one of this directory's CAs; {@code name} is its NAME. */
    public record FoundCert(X509Certificate cert, Path file, String name, String issuerKeyId) {
    }

    /** One entry of a published CRL. */
    public record Revocation(BigInteger serial, Instant at, RevocationReason reason, String issuerKeyId, Path file) {
    }

    /** The highest CRL number seen for one CA, and the file carrying it. */
    public record CrlSeen(BigInteger number, Path file) {
    }

    private final Map<String, X509Certificate> cas = new LinkedHashMap<>();
    private final Map<BigInteger, FoundCert> issued = new TreeMap<>();
    private final Map<BigInteger, Path> archived = new TreeMap<>();
    private final Map<BigInteger, Revocation> revocations = new TreeMap<>();
    private final Map<String, CrlSeen> highestCrl = new LinkedHashMap<>();
    private final List<Finding> unreadable = new ArrayList<>();

    private CaEvidence() {
    }

    public static CaEvidence gather(PkiLayout layout) {
        CaEvidence ev = new CaEvidence();
        List<Path> caDirs = new ArrayList<>(List.of(layout.caDir(), layout.previousCaDir()));
        caDirs.addAll(subdirectories(layout.caDir().resolve(PkiLayout.RETIRED_DIR)));
        for (Path dir : caDirs) {
            ev.readCa(PkiLayout.caCert(dir));
        }
        for (Path dir : caDirs) {
            ev.readCrls(PkiLayout.caCrl(dir));
        }
        ev.readCrls(layout.crl());
        for (Path f : files(layout.issuedDir())) {
            String file = f.getFileName().toString();
            if (file.endsWith(".crt")) {
                ev.readIssued(f, file.substring(0, file.length() - ".crt".length()));
            }
        }
        for (Path f : files(layout.archiveDir())) {
            Matcher m = ARCHIVED.matcher(f.getFileName().toString());
            if (m.matches()) {
                ev.archived.put(new BigInteger(m.group(1), 16), f);
            }
        }
        return ev;
    }

    private void readCa(Path crt) {
        if (!Files.exists(crt)) {
            return;
        }
        try {
            X509Certificate c = Pem.readCertificate(crt);
            cas.put(CertificateAuthority.keyIdOf(c), c);
        } catch (CertsException e) {
            unreadable.add(Finding.warning(crt, e.getMessage()));
        }
    }

    private void readCrls(Path file) {
        if (!Files.exists(file)) {
            return;
        }
        List<X509CRL> crls;
        try {
            crls = Pem.readCrls(file);
        } catch (CertsException e) {
            unreadable.add(Finding.warning(file, e.getMessage() + "; its revocations were not cross-checked"));
            return;
        }
        for (X509CRL crl : crls) {
            String keyId = issuerKeyId(crl.getExtensionValue(Extension.authorityKeyIdentifier.getId()),
                    crl.getIssuerX500Principal());
            if (keyId == null) {
                continue;
            }
            BigInteger number = CrlHistory.number(crl);
            if (number != null) {
                highestCrl.merge(keyId, new CrlSeen(number, file),
                        (a, b) -> a.number().compareTo(b.number()) >= 0 ? a : b);
            }
            if (crl.getRevokedCertificates() != null) {
                for (X509CRLEntry e : crl.getRevokedCertificates()) {
                    int code = e.getRevocationReason() == null ? 0 : e.getRevocationReason().ordinal();
                    revocations.putIfAbsent(e.getSerialNumber(), new Revocation(e.getSerialNumber(),
                            e.getRevocationDate().toInstant(), RevocationReason.fromCode(code), keyId, file));
                }
            }
        }
    }

    private void readIssued(Path file, String name) {
        try {
            X509Certificate c = Pem.readCertificate(file);
            String keyId = issuerKeyId(c.getExtensionValue(Extension.authorityKeyIdentifier.getId()),
                    c.getIssuerX500Principal());
            if (keyId != null) {
                issued.put(c.getSerialNumber(), new FoundCert(c, file, name, keyId));
            }
        } catch (CertsException e) {
            unreadable.add(Finding.warning(file, e.getMessage()));
        }
    }

    /** The archived certificate of {@code serial}, read now (the archive is only listed up front). */
    public Optional<FoundCert> readArchived(BigInteger serial) {
        Path f = archived.get(serial);
        if (f == null) {
            return Optional.empty();
        }
        try {
            X509Certificate c = Pem.readCertificate(f);
            String keyId = issuerKeyId(c.getExtensionValue(Extension.authorityKeyIdentifier.getId()),
                    c.getIssuerX500Principal());
            if (keyId == null || !c.getSerialNumber().equals(serial)) {
                return Optional.empty();
            }
            return Optional.of(new FoundCert(c, f, LeafFacts.commonName(c), keyId));
        } catch (CertsException e) {
            return Optional.empty();
        }
    }

    /** Key id of the CA that signed something, when that CA is one of ours; {@code null} otherwise. */
    private String issuerKeyId(byte[] akiExtension, X500Principal issuer) {
        if (akiExtension != null) {
            byte[] id = AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(akiExtension).getOctets())
                    .getKeyIdentifier();
            if (id != null) {
                String hex = Hex.toHexString(id);
                return cas.containsKey(hex) ? hex : null;
            }
        }
        for (Map.Entry<String, X509Certificate> ca : cas.entrySet()) {
            if (ca.getValue().getSubjectX500Principal().equals(issuer)) {
                return ca.getKey();
            }
        }
        return null;
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw CertsException.runtime("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> subdirectories(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw CertsException.runtime("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** CA key id → certificate: current, previous (during a rotation), retired. */
    public Map<String, X509Certificate> cas() {
        return cas;
    }

    /** {@code issued/NAME.crt} by serial. */
    public Map<BigInteger, FoundCert> issued() {
        return issued;
    }

    /** Serials of every certificate found, in {@code issued/} or {@code ca/certs/}. */
    public Set<BigInteger> certificateSerials() {
        Set<BigInteger> all = new TreeSet<>(issued.keySet());
        all.addAll(archived.keySet());
        return all;
    }

    /** {@code ca/certs/SERIAL.pem} by serial (not read yet). */
    public Map<BigInteger, Path> archived() {
        return archived;
    }

    public Map<BigInteger, Revocation> revocations() {
        return revocations;
    }

    /** The highest CRL number published by the CA with this key id, if any CRL of it is on disk. */
    public Optional<CrlSeen> highestCrl(String caKeyId) {
        return Optional.ofNullable(highestCrl.get(caKeyId));
    }

    /**
     * The highest-numbered CRL published by the CA kept in {@code caDir}; empty when it has none, or its
     * certificate is missing or unreadable (reported by {@link #gather} already).
     */
    public Optional<CrlSeen> highestCrlOf(Path caDir) {
        Path crt = PkiLayout.caCert(caDir);
        if (!Files.isRegularFile(crt)) {
            return Optional.empty();
        }
        try {
            return highestCrl(CertificateAuthority.keyIdOf(Pem.readCertificate(crt)));
        } catch (CertsException e) {
            return Optional.empty();
        }
    }

    /** Files that could not be read (reported as warnings: their content was not cross-checked). */
    public List<Finding> unreadable() {
        return unreadable;
    }
}
