package org.entropyfleet.certs.issue;

import org.entropyfleet.certs.ca.KeyType;
import org.entropyfleet.certs.cli.DurationConverter;
import picocli.CommandLine.Option;

import java.time.Duration;

/** Options shared by {@code issue host} and {@code issue client}. */
public final class IssueOptions {
    @Option(names = "--days", paramLabel = "N", defaultValue = "" + LeafSpec.DEFAULT_DAYS,
            description = "Validity in days (capped at the CA's own expiry).")
    int days;

    @Option(names = "--key-type", paramLabel = "TYPE", defaultValue = "ec-p256", converter = KeyType.Converter.class,
            completionCandidates = KeyType.Candidates.class,
            description = "Leaf key algorithm: ${COMPLETION-CANDIDATES}.")
    KeyType keyType;

    @Option(names = "--force", description = "Re-issue (new key, new serial) even if the existing certificate is fine.")
    boolean force;

    @Option(names = "--renew-within", paramLabel = "WINDOW", defaultValue = "30d", converter = DurationConverter.class,
            description = "An existing certificate expiring within WINDOW is re-issued; otherwise it is left alone.")
    Duration renewWithin;

    @Option(names = "--combined",
            description = "Also write issued/NAME-combined.pem (certificate, CA, key; 0600) for stunnel's cert= option.")
    boolean combined;

    IssueService.Policy policy() {
        return new IssueService.Policy(force, renewWithin, combined);
    }
}
