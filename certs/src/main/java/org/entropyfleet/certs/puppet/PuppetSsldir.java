package org.entropyfleet.certs.puppet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.entropyfleet.certs.cli.CertsException;

/**
 * The files of a Puppet agent's ssldir ({@code puppet config print ssldir}) that identify one node.
 * Puppet keeps the CA chain in {@code certs/ca.pem}, the node certificate in {@code certs/NODE.pem},
 * its key (PKCS#1 "BEGIN RSA PRIVATE KEY" on older agents, PKCS#8 on newer) in
 * {@code private_keys/NODE.pem} and the CA's CRL chain in {@code crl.pem}.
 */
public record PuppetSsldir(Path root, String certname) {
    /** Puppet Labs' packages (puppet-agent). */
    public static final String DEFAULT = "/etc/puppetlabs/puppet/ssl";
    /** Debian's own puppet packages (puppet 7 in bookworm). */
    public static final String DEBIAN = "/var/lib/puppet/ssl";
    /** Asks Puppet itself, which knows its packaging and puppet.conf. */
    public static final List<String> PRINT_SSLDIR = List.of("puppet", "config", "print", "ssldir");
    /** puppet starts a Ruby interpreter: seconds, not milliseconds. */
    static final long PUPPET_TIMEOUT_SECONDS = 60;

    /** Where an ssldir was found and how, for the operator. */
    public record Found(Path dir, String how) {
    }

    /**
     * The ssldir this machine's Puppet uses: what {@code command} (normally {@link #PRINT_SSLDIR}) prints,
     * or, if Puppet cannot be run, the first of {@link #DEFAULT} and {@link #DEBIAN} that exists.
     */
    public static Found locate(List<String> command) {
        String why;
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readNBytes(64 * 1024);
            if (!p.waitFor(PUPPET_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                why = "did not answer in " + PUPPET_TIMEOUT_SECONDS + "s";
            } else {
                List<String> lines = new String(out, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
                String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
                if (p.exitValue() == 0 && last.startsWith("/")) {
                    return new Found(Path.of(last), "from '" + String.join(" ", command) + "'");
                }
                why = "exited " + p.exitValue();
            }
        } catch (IOException e) {
            why = "cannot run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "interrupted";
        }
        for (String known : List.of(DEFAULT, DEBIAN)) {
            if (Files.isDirectory(Path.of(known))) {
                return new Found(Path.of(known), "'" + String.join(" ", command) + "' " + why + "; found " + known);
            }
        }
        throw CertsException.config("no --ssldir given, '" + String.join(" ", command) + "' " + why
                + ", and neither " + DEFAULT + " nor " + DEBIAN + " exists; give --ssldir");
    }

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
