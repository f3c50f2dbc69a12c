package org.entropyfleet.certs.issue;

import org.entropyfleet.certs.cli.CaDirOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code certs issue host NAME --san ...}: a server certificate for a host-agent. */
@Command(name = "host", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        header = "Issue a host certificate (EKU serverAuth) for a host-agent.",
        description = "Issues a server certificate: EKU serverAuth (plus clientAuth with --also-client), "
                + "CN=NAME, SANs = NAME itself when it is a DNS name plus every --san (clients check the name "
                + "or IP they dial against these). Writes DIR/issued/NAME.crt, NAME.key (0600), NAME-chain.pem "
                + "and with --combined NAME-combined.pem. Re-running leaves a valid certificate alone unless "
                + "--force, a changed kind or SAN list, or expiry within --renew-within.",
        footer = {"", "Examples:",
                "  certs issue host rng1.example.net --san rng1,192.0.2.10 --san IP:2001:db8::10",
                "  certs issue host tier1.example.net --also-client      # host-agent pulling from an upstream",
                "  certs issue host rng1.example.net --force --days 90   # new key now"})
public final class IssueHostCommand implements Callable<Integer> {
    @Mixin
    CaDirOptions caDir;

    @Parameters(index = "0", paramLabel = "NAME", description = "Certificate name: CN, file name, usually the host's DNS name.")
    String name;

    @Option(names = "--san", paramLabel = "SAN", split = ",", showDefaultValue = Help.Visibility.NEVER,
            description = "Subject alternative name: DNS:name, IP:address, or a bare name/address. Repeatable, comma-separated.")
    List<String> sans = new ArrayList<>();

    @Option(names = "--also-client", description = "Add EKU clientAuth too (tiered host-agents that also connect upstream).")
    boolean alsoClient;

    @Mixin
    IssueOptions options;

    @Override
    public Integer call() {
        LeafSpec leaf = LeafSpec.fromArgs(name, alsoClient ? LeafKind.HOST_AND_CLIENT : LeafKind.HOST, sans,
                options.keyType, options.days);
        return IssueRunner.run(caDir, leaf, options.policy());
    }
}
