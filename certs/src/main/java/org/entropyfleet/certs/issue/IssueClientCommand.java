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

/** {@code certs issue client NAME}: a client certificate for a client-agent. */
@Command(name = "client", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        header = "Issue a client certificate (EKU clientAuth) for a client-agent.",
        description = "Issues a client certificate: EKU clientAuth, CN=NAME (what the host-agent's tls.allow "
                + "globs match), optional SANs. Writes DIR/issued/NAME.crt, NAME.key (0600), NAME-chain.pem "
                + "and with --combined NAME-combined.pem. Re-running leaves a valid certificate alone unless "
                + "--force, a changed SAN list, or expiry within --renew-within.",
        footer = {"", "Examples:",
                "  certs issue client vm1.example.net",
                "  certs issue client client-db1 --san db1.example.net --days 90"})
public final class IssueClientCommand implements Callable<Integer> {
    @Mixin
    CaDirOptions caDir;

    @Parameters(index = "0", paramLabel = "NAME", description = "Certificate name: CN and file name.")
    String name;

    @Option(names = "--san", paramLabel = "SAN", split = ",", showDefaultValue = Help.Visibility.NEVER,
            description = "Optional subject alternative name: DNS:name, IP:address, or bare. Repeatable, comma-separated.")
    List<String> sans = new ArrayList<>();

    @Mixin
    IssueOptions options;

    @Override
    public Integer call() {
        LeafSpec leaf = LeafSpec.fromArgs(name, LeafKind.CLIENT, sans, options.keyType, options.days);
        return IssueRunner.run(caDir, leaf, options.policy());
    }
}
