package org.entropyfleet.certs.puppet;

import java.nio.file.Path;

/**
 * The files of a Puppet agent's ssldir ({@code puppet config print ssldir}) that identify one node.
 * Puppet keeps the CA chain in {@code certs/ca.pem}, the node certificate in {@code certs/NODE.pem},
 * its key (PKCS#1 "BEGIN RSA PRIVATE KEY" on older agents, PKCS#8 on newer) in
 * {@code private_keys/NODE.pem} and the CA's CRL chain in {@code crl.pem}.
 */
public record PuppetSsldir(Path root, String certname) {
    public static final String DEFAULT = "/etc/puppetlabs/puppet/ssl";

    public Path caCerts() {
        return root.resolve("certs").resolve("ca.pem");
    }

    public Path nodeCert() {
        return root.resolve("certs").resolve(certname + ".pem");
    }

    public Path nodeKey() {
        return root.resolve("private_keys").resolve(certname + ".pem");
    }

    public Path crl() {
        return root.resolve("crl.pem");
    }
}
