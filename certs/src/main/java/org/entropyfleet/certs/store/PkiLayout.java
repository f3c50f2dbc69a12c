package org.entropyfleet.certs.store;

import java.nio.file.Path;

/**
 * Where everything lives under {@code --dir}. Agents only ever read the three top-level trust files
 * ({@link #bundle()}, {@link #crl()}) and their own {@code issued/NAME.*}; everything under {@code ca/}
 * stays on the machine that runs {@code certs}.
 *
 * <pre>
 * DIR/ca-bundle.pem          CA certificates agents trust (both CAs during a rotation)   → tls.ca
 * DIR/ca.crl                 CRLs of every trusted CA, concatenated PEM                   → tls.crl
 * DIR/ca/ca.crt              current CA certificate
 * DIR/ca/ca.key              current CA private key, PKCS#8 PEM, 0600 (optionally encrypted)
 * DIR/ca/serial              next leaf serial number (hex)
 * DIR/ca/index.tsv           every certificate issued, with its status
 * DIR/ca/crlnumber           next CRL number (hex) of the current CA
 * DIR/ca/crl.pem             the current CA's CRL
 * DIR/ca/certs/SERIAL.pem    a copy of every certificate issued (what 'check' and 'repair' rebuild from)
 * DIR/ca/backup/TIME/        files 'repair' replaced
 * DIR/ca/previous/           the outgoing CA during a rotation (ca.crt, ca.key, crlnumber, crl.pem)
 * DIR/ca/retired/KEYID/      certificate and last CRL of a retired CA (its key is deleted)
 * DIR/issued/NAME.crt        leaf certificate
 * DIR/issued/NAME.key        leaf private key, PKCS#8 PEM, 0600
 * DIR/issued/NAME-chain.pem  leaf + issuing CA certificate
 * DIR/issued/NAME-combined.pem  leaf + CA + key in one file (stunnel style), 0600, with --combined
 * </pre>
 */
public record PkiLayout(Path root) {
    public static final String CA_DIR = "ca";
    public static final String PREVIOUS_DIR = "previous";
    public static final String RETIRED_DIR = "retired";
    public static final String ISSUED_DIR = "issued";
    public static final String ARCHIVE_DIR = "certs";
    public static final String BACKUP_DIR = "backup";

    public PkiLayout {
        root = root.toAbsolutePath().normalize();
    }

    public Path caDir() {
        return root.resolve(CA_DIR);
    }

    /** The outgoing CA's directory during a rotation. */
    public Path previousCaDir() {
        return caDir().resolve(PREVIOUS_DIR);
    }

    /** Where {@code retire-ca} archives an outgoing CA's certificate and last CRL (never its key). */
    public Path retiredCaDir(String keyId) {
        return caDir().resolve(RETIRED_DIR).resolve(keyId);
    }

    /**
     * Every certificate ever issued, by serial, like OpenSSL's {@code new_certs_dir}: {@code issued/NAME.crt}
     * only holds the newest per NAME, so superseded but still valid certificates would otherwise exist
     * nowhere but in {@code index.tsv}.
     */
    public Path archiveDir() {
        return caDir().resolve(ARCHIVE_DIR);
    }

    public Path archived(String serialHex) {
        return archiveDir().resolve(serialHex + ".pem");
    }

    /** Where {@code repair} keeps the files it replaced, one directory per run. */
    public Path backupDir() {
        return caDir().resolve(BACKUP_DIR);
    }

    public Path issuedDir() {
        return root.resolve(ISSUED_DIR);
    }

    public Path bundle() {
        return root.resolve("ca-bundle.pem");
    }

    public Path crl() {
        return root.resolve("ca.crl");
    }

    public Path serial() {
        return caDir().resolve("serial");
    }

    public Path index() {
        return caDir().resolve("index.tsv");
    }

    public Path lockFile() {
        return caDir().resolve(".lock");
    }

    public Path leafCert(String name) {
        return issuedDir().resolve(name + ".crt");
    }

    public Path leafKey(String name) {
        return issuedDir().resolve(name + ".key");
    }

    public Path leafChain(String name) {
        return issuedDir().resolve(name + "-chain.pem");
    }

    public Path leafCombined(String name) {
        return issuedDir().resolve(name + "-combined.pem");
    }

    /** Files of one CA generation, inside {@code caDir} or {@code previousCaDir}. */
    public static Path caCert(Path dir) {
        return dir.resolve("ca.crt");
    }

    public static Path caKey(Path dir) {
        return dir.resolve("ca.key");
    }

    public static Path caCrl(Path dir) {
        return dir.resolve("crl.pem");
    }

    public static Path crlNumber(Path dir) {
        return dir.resolve("crlnumber");
    }
}
