package org.entropyfleet.certs.crl;

import org.entropyfleet.certs.cli.CertsException;
import org.entropyfleet.certs.cli.DurationConverter;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code --next-update}: how long a published CRL stays valid; republish ({@code certs crl}) before then. */
public final class CrlOptions {
    @Option(names = "--next-update", paramLabel = "WINDOW", defaultValue = "7d", converter = DurationConverter.class,
            description = "CRL nextUpdate, from now. Peers that check CRLs reject an expired one, so run 'certs crl' "
                    + "(cron / systemd timer) well within this window.")
    Duration nextUpdate;

    public Duration nextUpdate() {
        if (nextUpdate.isZero()) {
            throw CertsException.config("--next-update must be positive");
        }
        return nextUpdate;
    }
}
