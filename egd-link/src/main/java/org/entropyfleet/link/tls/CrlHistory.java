package org.entropyfleet.link.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CRLException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest CRL seen from each CA, so that replacing the CRL file with an older one (a lower
 * {@code cRLNumber}, RFC 5280 §5.2.3) cannot un-revoke a certificate. An older CRL is refused and the
 * newest one seen keeps being used, on reload and, when the history is kept in the state directory,
 * after a restart too.
 *
 * <p>Keyed by the CA's public key (a re-keyed CA with the same name is another issuer). On disk: one
 * DER file per CA, {@code <dir>/<sha256 of the CA key>.crl}, written atomically. CRLs are public, so
 * nothing here is secret; the directory is still created 0750 like the rest of the state.
 */
public final class CrlHistory {
    private static final Logger LOG = LoggerFactory.getLogger(CrlHistory.class);
    private static final String CRL_NUMBER_OID = "2.5.29.20";
    /** Bound on CAs remembered (a bundle holds at most {@link TlsMaterial#MAX_CAS}). */
    static final int MAX_ISSUERS = 1_000;

    private final Path dir;
    private final Map<String, X509CRL> newest = new HashMap<>();

    private CrlHistory(Path dir) {
        this.dir = dir;
    }

    /** Remembers for the life of the process only (tests, and agents run without a state directory). */
    public static CrlHistory inMemory() {
        return new CrlHistory(null);
    }

    /** Remembers across restarts in {@code dir} (created if missing). */
    public static CrlHistory persistent(Path dir) throws IOException {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        if (!Files.isWritable(dir)) {
            throw new IOException(dir + " is not writable");
        }
        return new CrlHistory(dir);
    }

    /** The CRL's cRLNumber, or null when it has none (then no rollback check is possible). */
    public static BigInteger number(X509CRL crl) {
        byte[] ext = crl.getExtensionValue(CRL_NUMBER_OID);
        if (ext == null) {
            return null;
        }
        // OCTET STRING { INTEGER }: skip both tag/length headers (short or long form).
        int[] pos = {0};
        if (readHeader(ext, pos, 0x04) < 0) {
            return null;
        }
        int len = readHeader(ext, pos, 0x02);
        if (len <= 0 || pos[0] + len > ext.length) {
            return null;
        }
        byte[] v = new byte[len];
        System.arraycopy(ext, pos[0], v, 0, len);
        return new BigInteger(v);
    }

    /**
     * The CRL to use for {@code issuer}: {@code fromFile}, unless a CRL with a higher number was seen
     * before, which is returned instead (the caller logs the rollback).
     */
    synchronized X509CRL newestOf(X509CRL fromFile, X509Certificate issuer) {
        X509CRL seen = seen(issuer);
        if (seen == null) {
            return fromFile;
        }
        BigInteger file = number(fromFile);
        BigInteger old = number(seen);
        if (file == null || old == null || file.compareTo(old) >= 0) {
            return fromFile;
        }
        return seen;
    }

    /** Remembers {@code crl} if it is newer than what was seen for its CA; persists it when kept on disk. */
    synchronized void record(X509CRL crl, X509Certificate issuer) {
        BigInteger n = number(crl);
        if (n == null) {
            return;
        }
        X509CRL seen = seen(issuer);
        if (seen != null && number(seen) != null && number(seen).compareTo(n) >= 0) {
            return;
        }
        String key = keyOf(issuer);
        if (!newest.containsKey(key) && newest.size() >= MAX_ISSUERS) {
            newest.clear();   // never grows without bound; the files stay on disk
        }
        newest.put(key, crl);
        if (dir != null) {
            write(key, crl);
        }
    }

    private X509CRL seen(X509Certificate issuer) {
        String key = keyOf(issuer);
        X509CRL crl = newest.get(key);
        if (crl == null && dir != null) {
            crl = read(key, issuer);
            if (crl != null) {
                newest.put(key, crl);
            }
        }
        return crl;
    }

    private X509CRL read(String key, X509Certificate issuer) {
        Path f = dir.resolve(key + ".crl");
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509")
                    .generateCRL(new ByteArrayInputStream(Files.readAllBytes(f)));
            crl.verify(issuer.getPublicKey());   // a tampered state file must not inject revocations
            return crl;
        } catch (IOException | GeneralSecurityException e) {
            LOG.error("event=crl-history-unreadable file={} error=\"{}\"", f, e.getMessage());
            return null;
        }
    }

    private void write(String key, X509CRL crl) {
        Path f = dir.resolve(key + ".crl");
        Path tmp = dir.resolve(key + ".crl.tmp");
        try {
            Files.write(tmp, crl.getEncoded());
            try {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | CRLException e) {
            LOG.error("event=crl-history-write-failed file={} error=\"{}\"", f, e.getMessage());
        }
    }

    private static String keyOf(X509Certificate issuer) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(issuer.getPublicKey().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int readHeader(byte[] b, int[] pos, int tag) {
        if (pos[0] >= b.length || (b[pos[0]] & 0xff) != tag) {
            return -1;
        }
        pos[0]++;
        int len = b[pos[0]++] & 0xff;
        if (len >= 0x80) {
            int n = len & 0x7f;
            len = 0;
            for (int i = 0; i < n && pos[0] < b.length; i++) {
                len = (len << 8) | (b[pos[0]++] & 0xff);
            }
        }
        return len;
    }
}
