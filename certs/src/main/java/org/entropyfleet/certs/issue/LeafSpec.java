package org.entropyfleet.certs.issue;

import java.util.ArrayList;
import org.entropyfleet.certs.ca.KeyType;
import org.entropyfleet.certs.cli.CertsException;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What to issue. Validated once here; the issuer and the idempotency check trust it.
 *
 * @param name    NAME (validated, becomes CN and file names)
 * @param kind    purpose, selects EKUs
 * @param sans    canonical, de-duplicated, sorted
 * @param keyType leaf key algorithm
 * @param days    validity in days
 */
public record LeafSpec(String name, LeafKind kind, List<SubjectAltName> sans, KeyType keyType, int days) {
    public static final int DEFAULT_DAYS = 397;
    public static final int MAX_DAYS = 3650;

    public LeafSpec {
        LeafName.validate(name);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(keyType, "keyType");
        sans = List.copyOf(new TreeSet<>(sans));
        if (days < 1 || days > MAX_DAYS) {
            throw CertsException.config("--days must be between 1 and " + MAX_DAYS + ", got " + days);
        }
        if (kind.isHost() && sans.isEmpty()) {
            throw CertsException.config("host certificate '" + name
                    + "' needs a SAN: NAME is not a DNS name, so pass --san DNS:name or --san IP:addr");
        }
    }

    /**
     * Builds a spec from command-line input. Hosts get NAME itself as a DNS SAN when it is a DNS name,
     * since clients verify the host name they dialled against the SANs.
     */
    public static LeafSpec fromArgs(String name, LeafKind kind, List<String> rawSans, KeyType keyType, int days) {
        LeafName.validate(name);
        List<SubjectAltName> sans = new ArrayList<>();
        if (kind.isHost() && SubjectAltName.isDnsName(name)) {
            sans.add(SubjectAltName.parse("DNS:" + name));
        } else if (kind.isHost() && SubjectAltName.isIpAddress(name)) {
            sans.add(SubjectAltName.parse("IP:" + name));
        }
        for (String raw : rawSans) {
            if (!raw.isBlank()) {
                sans.add(SubjectAltName.parse(raw));
            }
        }
        return new LeafSpec(name, kind, sans, keyType, days);
    }
}
