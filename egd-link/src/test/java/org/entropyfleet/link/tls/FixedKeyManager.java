package org.entropyfleet.link.tls;

import java.net.Socket;
import java.nio.file.Path;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A client key manager that presents its one certificate whatever CA names the server asks for —
 * the JDK's own key manager would send nothing for a certificate from a CA the server did not list,
 * and the server must still refuse such a certificate when a client sends it anyway.
 */
final class FixedKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "me";
    private final PrivateKey key;
    private final X509Certificate[] chain;

    FixedKeyManager(Path[] certAndKey) throws TlsConfigException {
        this.chain = PemFiles.certificates(certAndKey[0], "test chain").toArray(new X509Certificate[0]);
        this.key = PemFiles.privateKey(certAndKey[1]);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return ALIAS;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return new String[] {ALIAS};
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return ALIAS;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return chain.clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return key;
    }
}
