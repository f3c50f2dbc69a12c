package org.entropyfleet.certs.issue;

import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.entropyfleet.certs.cli.CertsException;

import java.util.List;

/**
 * What a leaf certificate is for. The label is what {@code list} shows and {@code index.tsv} stores.
 * Tiered hosts (a host-agent that also pulls from an upstream host-agent) need both purposes.
 */
public enum LeafKind {
    HOST("host", List.of(KeyPurposeId.id_kp_serverAuth)),
    HOST_AND_CLIENT("host+client", List.of(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth)),
    CLIENT("client", List.of(KeyPurposeId.id_kp_clientAuth));

    private final String label;
    private final List<KeyPurposeId> extendedKeyUsages;

    LeafKind(String label, List<KeyPurposeId> ekus) {
        this.label = label;
        this.extendedKeyUsages = ekus;
    }

    public String label() {
        return label;
    }

    public List<KeyPurposeId> extendedKeyUsages() {
        return extendedKeyUsages;
    }

    public boolean isHost() {
        return this != CLIENT;
    }

    /** True if a certificate of this kind can do everything one of {@code old} could (same or more purposes). */
    public boolean covers(LeafKind old) {
        return extendedKeyUsages.containsAll(old.extendedKeyUsages);
    }

    public static LeafKind fromLabel(String label) {
        for (LeafKind k : values()) {
            if (k.label.equals(label)) {
                return k;
            }
        }
        throw CertsException.config("unknown certificate kind '" + label + "' (host, host+client, client)");
    }

    @Override
    public String toString() {
        return label;
    }
}
