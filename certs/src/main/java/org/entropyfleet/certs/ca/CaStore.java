package org.entropyfleet.certs.ca;

import org.entropyfleet.certs.check.DatabaseCheck;
import org.entropyfleet.certs.cli.CertsException;
import org.entropyfleet.certs.store.DirLock;
import org.entropyfleet.certs.store.FileBatch;
import org.entropyfleet.certs.store.Pem;
import org.entropyfleet.certs.store.PkiLayout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The CA side of a PKI directory: the current CA ({@code ca/}) and, during a rotation, the outgoing one
 * ({@code ca/previous/}). Opening it checks the CA exists so every subcommand fails the same way.
 */
public final class CaStore {
    private final PkiLayout layout;

    private CaStore(PkiLayout layout) {
        this.layout = layout;
    }

    /** Fails with a usage error (exit 2) naming the directory when there is no CA yet. */
    public static CaStore open(PkiLayout layout) {
        Path crt = PkiLayout.caCert(layout.caDir());
        if (!Files.isRegularFile(crt)) {
            throw CertsException.config("no CA in " + layout.root() + " (missing " + crt
                    + "); run 'certs init-ca --dir " + layout.root() + "' first");
        }
        return new CaStore(layout);
    }

    public PkiLayout layout() {
        return layout;
    }

    /**
     * Locks the directory for a command that signs or changes CA files, then refuses (exit 2) if the CA
     * database is damaged ({@link DatabaseCheck}): checked under the lock so no other run changes it meanwhile.
     */
    public DirLock lock() {
        DirLock lock = DirLock.acquire(layout.lockFile());
        try {
            DatabaseCheck.requireConsistent(layout);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        return lock;
    }

    public CertificateAuthority current(boolean withKey, char[] passphrase) {
        return CertificateAuthority.load(layout.caDir(), withKey, passphrase);
    }

    public boolean rotating() {
        return Files.isRegularFile(PkiLayout.caCert(layout.previousCaDir()));
    }

    public Optional<CertificateAuthority> previous(boolean withKey, char[] passphrase) {
        return rotating() ? Optional.of(CertificateAuthority.load(layout.previousCaDir(), withKey, passphrase))
                : Optional.empty();
    }

    /** Current CA first, then the outgoing one during a rotation. */
    public List<CertificateAuthority> trusted(boolean withKey, char[] passphrase) {
        List<CertificateAuthority> out = new ArrayList<>();
        out.add(current(withKey, passphrase));
        previous(withKey, passphrase).ifPresent(out::add);
        return out;
    }

    /** Stages {@code ca-bundle.pem} with exactly the given CAs; unchanged content is not rewritten. */
    public static void stageBundle(PkiLayout layout, FileBatch batch, List<CertificateAuthority> cas) {
        List<X509Certificate> certs = cas.stream().map(CertificateAuthority::cert).toList();
        batch.writeIfChanged(layout.bundle(), Pem.certificates(certs), false);
    }
}
