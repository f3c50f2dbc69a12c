package org.entropyfleet.certs.ca;

import org.entropyfleet.certs.cli.CertsException;
import org.entropyfleet.certs.store.Crypto;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/** Key algorithms this tool generates; each fixes the signature algorithm its certificates/CRLs use. */
public enum KeyType {
    EC_P256("ec-p256", "SHA256withECDSA"),
    EC_P384("ec-p384", "SHA384withECDSA"),
    RSA_3072("rsa-3072", "SHA256withRSA");

    private final String label;
    private final String signatureAlgorithm;

    KeyType(String label, String signatureAlgorithm) {
        this.label = label;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    public String label() {
        return label;
    }

    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    public KeyPair generate() {
        try {
            KeyPairGenerator g;
            switch (this) {
                case EC_P256, EC_P384 -> {
                    g = KeyPairGenerator.getInstance("EC", Crypto.BC);
                    g.initialize(new ECGenParameterSpec(this == EC_P256 ? "secp256r1" : "secp384r1"), Crypto.RANDOM);
                }
                default -> {
                    g = KeyPairGenerator.getInstance("RSA", Crypto.BC);
                    g.initialize(3072, Crypto.RANDOM);
                }
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw CertsException.runtime("cannot generate " + label + " key: " + e.getMessage(), e);
        }
    }

    /** The type of an existing key (for signing with it, or renewing a leaf with the same algorithm). */
    public static KeyType of(PrivateKey key) {
        return ofKey(key);
    }

    public static KeyType of(PublicKey key) {
        return ofKey(key);
    }

    private static KeyType ofKey(java.security.Key key) {
        if (key instanceof ECKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            if (bits == 256) {
                return EC_P256;
            }
            if (bits == 384) {
                return EC_P384;
            }
            throw CertsException.config("unsupported EC key size " + bits + " (supported: P-256, P-384)");
        }
        if (key instanceof RSAKey) {
            // any RSA size signs with SHA-256; imported Puppet keys are often 4096 bits
            return RSA_3072;
        }
        throw CertsException.config("unsupported key algorithm " + key.getAlgorithm());
    }

    public static KeyType fromLabel(String label) {
        for (KeyType t : values()) {
            if (t.label.equalsIgnoreCase(label)) {
                return t;
            }
        }
        throw new TypeConversionException("'" + label + "' is not a key type (" + Candidates.LIST + ")");
    }

    @Override
    public String toString() {
        return label;
    }

    /** picocli converter: {@code --key-type ec-p384}. */
    public static final class Converter implements ITypeConverter<KeyType> {
        @Override
        public KeyType convert(String value) {
            return fromLabel(value);
        }
    }

    /** picocli completion candidates, also shown in help as ${COMPLETION-CANDIDATES}. */
    public static final class Candidates implements Iterable<String> {
        static final String LIST = String.join(", ", Arrays.stream(values()).map(KeyType::label).toList());

        @Override
        public Iterator<String> iterator() {
            return List.of(values()).stream().map(KeyType::label).iterator();
        }
    }
}
