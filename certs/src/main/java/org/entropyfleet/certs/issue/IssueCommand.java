package org.entropyfleet.certs.issue;

import picocli.CommandLine.Command;

/** {@code certs issue host|client}: a parent with no action of its own (picocli reports a missing subcommand). */
@Command(name = "issue", mixinStandardHelpOptions = true,
        synopsisSubcommandLabel = "(host | client)",
        subcommands = {IssueHostCommand.class, IssueClientCommand.class},
        header = "Issue a host (server) or client certificate.",
        description = "Issues a leaf certificate signed by the current CA: a new key (PKCS#8 PEM, 0600), the "
                + "certificate and a chain file under DIR/issued/. Idempotent: an existing, unrevoked certificate "
                + "of the same kind and SANs that is not within the renewal window is left alone (exit 0, "
                + "'unchanged'), so it is safe in configuration management runs.",
        footer = {"", "Examples:",
                "  certs issue host rng1.example.net --san 192.0.2.10",
                "  certs issue client vm-42",
                "  certs issue host tier1.example.net --also-client --combined"})
public final class IssueCommand {
}
