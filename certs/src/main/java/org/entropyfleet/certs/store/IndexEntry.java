package org.entropyfleet.certs.store;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of {@code ca/index.tsv}: a certificate this CA directory issued.
 *
 * @param serial      certificate serial
 * @param name        NAME given to {@code certs issue} (files issued/NAME.*, subject CN)
 * @param kind        {@code host}, {@code host+client} or {@code client}
 * @param notBefore   start of validity
 * @param notAfter    end of validity
 * @param status      whether it is current, replaced by a newer issue of the same NAME, or revoked
 * @param revokedAt   revocation time, {@code null} unless revoked
 * @param reason      CRL reason keyword, {@code null} unless revoked
 * @param issuerKeyId hex subject key identifier of the issuing CA (tells CA generations apart)
 */
public record IndexEntry(BigInteger serial, String name, String kind, Instant notBefore, Instant notAfter,
                         Status status, Instant revokedAt, String reason, String issuerKeyId) {
    public enum Status { VALID, SUPERSEDED, REVOKED }

    public IndexEntry {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(issuerKeyId, "issuerKeyId");
    }

    public String serialHex() {
        String hex = serial.toString(16).toUpperCase();
        return hex.length() % 2 == 1 ? "0" + hex : hex;  // whole bytes, as openssl prints serials
    }

    public boolean isRevoked() {
        return status == Status.REVOKED;
    }

    public IndexEntry withStatus(Status s) {
        return new IndexEntry(serial, name, kind, notBefore, notAfter, s, revokedAt, reason, issuerKeyId);
    }

    public IndexEntry revoked(Instant at, String why) {
        return new IndexEntry(serial, name, kind, notBefore, notAfter, Status.REVOKED, at, why, issuerKeyId);
    }
}
