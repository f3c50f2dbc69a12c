package org.entropyfleet.certs.store;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.security.Provider;
import java.security.SecureRandom;

/**
 * The one BouncyCastle provider instance and random source. Passed explicitly to every builder rather
 * than registered globally so this tool never changes the JVM-wide provider order.
 */
public final class Crypto {
    public static final Provider BC = new BouncyCastleProvider();
    public static final SecureRandom RANDOM = new SecureRandom();

    private Crypto() {
    }
}
