package org.entropyfleet.link.tls;

import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.OpenSslSessionTicketKey;
import io.netty.handler.ssl.SslContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The keys that encrypt TLS 1.3 session tickets, kept in the state directory so that clients can resume
 * their sessions after a restart or a reload of the TLS files (a reconnect storm of resumptions instead of
 * full handshakes). Resuming skips the certificate exchange, not the policy: the server re-checks the
 * session's certificate against the current CRL and allowlist on every connection
 * ({@code ServerTlsContext}), so a revoked client cannot resume. That check covers dates, the CRL and the
 * allowlist, not the path to a trust anchor: so the keys belong to one server certificate and CA bundle,
 * and a change of either (a reload, or files replaced while the agent was down) replaces all keys, every
 * client then makes a full handshake against the new bundle and sees the new certificate.
 *
 * <p>The newest key encrypts new tickets and is replaced every {@link #ROTATE_AFTER}; the {@link #KEPT}
 * newest still decrypt, so a ticket stays usable for at least {@code (KEPT - 1) × ROTATE_AFTER}, bounded
 * by the session timeout. The file ({@value #FILE_NAME}, mode 0600) holds {@code material <sha-256 of
 * the certificate and CA bundle>}, then one line per key, {@code <created epoch seconds> <96 hex digits>};
 * it is written atomically and never logged. Resumption
 * uses psk_dhe_ke (a fresh ECDHE per connection), so a stolen key file exposes no recorded traffic.
 * Only the OpenSSL engine lets a server set its ticket keys; under the JDK engine this does nothing.
 */
public final class SessionTicketKeys {

    private static final Logger LOG = LoggerFactory.getLogger(SessionTicketKeys.class);

    /** How long the newest key encrypts new tickets before a fresh one replaces it. */
    public static final Duration ROTATE_AFTER = Duration.ofHours(12);
    /** Keys that still decrypt tickets: the newest and the ones it replaced. */
    public static final int KEPT = 3;
    public static final String FILE_NAME = "session-ticket-keys";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Newest first. */
    private List<Key> keys = new ArrayList<>();
    /** Fingerprint of the server certificate and CA bundle the keys belong to (null: not yet known). */
    private String material;
    private final Path file;
    private volatile long rotateAtMillis;

    private SessionTicketKeys(Path file) {
        this.file = file;
    }

    /** Keys for the life of the process (tests, agents without a writable state directory). */
    public static SessionTicketKeys inMemory() {
        return new SessionTicketKeys(null);   // the first context's material makes the first key
    }

    /**
     * Keys kept in {@code dir}/{@value #FILE_NAME} (read if present and valid, else made). A file that
     * cannot be read or written is logged once and the keys live in memory only.
     */
    public static SessionTicketKeys persistent(Path dir) {
        SessionTicketKeys k = new SessionTicketKeys(dir.resolve(FILE_NAME));
        k.load();
        return k;
    }

    /**
     * Sets the keys on {@code ctx} (an OpenSSL server context, else nothing happens), first replacing them
     * all if {@code m}'s certificate or CA bundle differ from the ones they were made for.
     */
    synchronized void applyTo(SslContext ctx, TlsMaterial m) {
        String fingerprint = fingerprint(m);
        if (!fingerprint.equals(material)) {
            if (material != null) {
                LOG.info("event=session-ticket-keys-replaced reason=certificate-or-ca-bundle-changed");
            }
            material = fingerprint;
            keys = new ArrayList<>();
        }
        rotateIfDue(Instant.now());
        applyTo(ctx);
    }

    private synchronized void applyTo(SslContext ctx) {
        if (ctx.sessionContext() instanceof OpenSslSessionContext openssl) {
            openssl.setTicketKeys(keys.stream().map(Key::toNetty).toArray(OpenSslSessionTicketKey[]::new));
        }
    }

    /**
     * Rotates when the newest key is older than {@link #ROTATE_AFTER}, then applies the keys to
     * {@code ctx}. Cheap when nothing is due (one volatile read): called on every new connection.
     */
    void rotateIfDue(SslContext ctx) {
        if (System.currentTimeMillis() < rotateAtMillis) {
            return;
        }
        synchronized (this) {
            if (rotateIfDue(Instant.now())) {
                applyTo(ctx);
            }
        }
    }

    /** Number of keys that decrypt tickets now (tests). */
    synchronized int size() {
        return keys.size();
    }

    /** Creation time of the key that encrypts new tickets (tests). */
    synchronized Instant newest() {
        return keys.get(0).created();
    }

    synchronized boolean rotateIfDue(Instant now) {
        if (!keys.isEmpty() && keys.get(0).created().plus(ROTATE_AFTER).isAfter(now)) {
            rotateAtMillis = keys.get(0).created().plus(ROTATE_AFTER).toEpochMilli();
            return false;
        }
        byte[] fresh = new byte[OpenSslSessionTicketKey.TICKET_KEY_SIZE];
        RANDOM.nextBytes(fresh);
        List<Key> next = new ArrayList<>();
        next.add(new Key(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), fresh));   // as stored
        next.addAll(keys.subList(0, Math.min(keys.size(), KEPT - 1)));
        keys = next;
        rotateAtMillis = now.plus(ROTATE_AFTER).toEpochMilli();
        save();
        LOG.info("event=session-ticket-key-rotated keys={} persistent={}", keys.size(), file != null);
        return true;
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            List<Key> read = new ArrayList<>();
            String of = null;
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] f = line.trim().split(" ");
                if (f.length == 2 && f[0].equals("material")) {
                    of = f[1];
                    continue;
                }
                if (f.length != 2 || f[1].length() != 2 * OpenSslSessionTicketKey.TICKET_KEY_SIZE) {
                    throw new IOException("malformed line");
                }
                read.add(new Key(Instant.ofEpochSecond(Long.parseLong(f[0])), HexFormat.of().parseHex(f[1])));
            }
            read.sort((a, b) -> b.created().compareTo(a.created()));
            keys = new ArrayList<>(read.subList(0, Math.min(read.size(), KEPT)));
            material = of;
        } catch (IOException | RuntimeException e) {
            // the message names the file and the problem, never the content
            LOG.warn("event=session-ticket-keys-unreadable file={} error=\"{}\": new keys, older tickets will not resume",
                    file, e.getClass().getSimpleName() + ": " + e.getMessage());
            keys = new ArrayList<>();
        }
    }

    private void save() {
        if (file == null) {
            return;
        }
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(tmp);
            // created 0600 before any key byte is written
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            StringBuilder text = new StringBuilder();
            if (material != null) {
                text.append("material ").append(material).append('\n');
            }
            for (Key k : keys) {
                text.append(k.created().getEpochSecond()).append(' ').append(HexFormat.of().formatHex(k.bytes())).append('\n');
            }
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.error("event=session-ticket-keys-write-failed file={} error=\"{}\": tickets will not survive a restart",
                    file, e.getMessage());
        }
    }

    private static String fingerprint(TlsMaterial m) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(m.chain().get(0).getEncoded());
            for (X509Certificate ca : m.cas()) {
                sha.update(ca.getEncoded());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 48 bytes: name (16), HMAC key (16), AES key (16), as OpenSSL's ticket key callback splits them. */
    private record Key(Instant created, byte[] bytes) {
        OpenSslSessionTicketKey toNetty() {
            int n = OpenSslSessionTicketKey.NAME_SIZE;
            int h = OpenSslSessionTicketKey.HMAC_KEY_SIZE;
            return new OpenSslSessionTicketKey(Arrays.copyOfRange(bytes, 0, n), Arrays.copyOfRange(bytes, n, n + h),
                    Arrays.copyOfRange(bytes, n + h, bytes.length));
        }

        @Override
        public String toString() {
            return "Key[created=" + created + "]";   // never the bytes
        }
    }
}
