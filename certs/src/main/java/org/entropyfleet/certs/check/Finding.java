package org.entropyfleet.certs.check;

import java.nio.file.Path;

/**
 * One thing {@code certs check} found. {@link Severity#DAMAGE} is what makes signing commands refuse: the
 * index, serial or a CRL counter disagrees with the certificates and CRLs on disk, so going on could hand
 * out a serial twice, un-revoke a certificate or publish a CRL with a lower number. A {@link Severity#WARNING}
 * is reported only.
 *
 * @param file the file at fault
 * @param text the whole message, naming the file
 */
public record Finding(Severity severity, Path file, String text) {
    public enum Severity { DAMAGE, WARNING }

    static Finding damage(Path file, String text) {
        return new Finding(Severity.DAMAGE, file, text);
    }

    static Finding warning(Path file, String text) {
        return new Finding(Severity.WARNING, file, text);
    }

    public boolean isDamage() {
        return severity == Severity.DAMAGE;
    }
}
