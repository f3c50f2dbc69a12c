package org.entropyfleet.certs.crl;

import org.bouncycastle.asn1.x509.CRLReason;

import java.util.Locale;

/** RFC 5280 reason codes operators are likely to need, named as in OpenSSL's {@code -crl_reason}. */
public enum RevocationReason {
    UNSPECIFIED(CRLReason.unspecified),
    KEY_COMPROMISE(CRLReason.keyCompromise),
    CA_COMPROMISE(CRLReason.cACompromise),
    AFFILIATION_CHANGED(CRLReason.affiliationChanged),
    SUPERSEDED(CRLReason.superseded),
    CESSATION_OF_OPERATION(CRLReason.cessationOfOperation);

    private final int code;

    RevocationReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** keyword used on the command line and in index.tsv: {@code keyCompromise}. */
    public String keyword() {
        String[] parts = name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder sb = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            sb.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return sb.toString().replace("caCompromise", "CACompromise");
    }

    /** The reason with RFC 5280 code {@code code}; codes this tool never writes read as unspecified. */
    public static RevocationReason fromCode(int code) {
        for (RevocationReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        return UNSPECIFIED;
    }

    public static RevocationReason fromKeyword(String keyword) {
        for (RevocationReason r : values()) {
            if (r.keyword().equalsIgnoreCase(keyword) || r.name().equalsIgnoreCase(keyword)) {
                return r;
            }
        }
        return UNSPECIFIED;
    }

    @Override
    public String toString() {
        return keyword();
    }
}
