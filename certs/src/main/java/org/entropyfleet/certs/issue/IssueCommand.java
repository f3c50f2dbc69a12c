package org.entropyfleet.certs.issue;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;

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
                "  certs issue client vm1.example.net",
                "  certs issue host tier1.example.net --also-client --combined"})
public final class IssueCommand {
    static final String SUBCOMMAND_ARGUMENTS = "subcommandArguments";

    /**
     * {@code certs issue --help} also shows {@code host} and {@code client} with their arguments and
     * options: an operator asking how to issue should not need a second help call to find NAME and --san.
     */
    public static void showSubcommandArguments(CommandLine issue) {
        List<String> keys = new ArrayList<>(issue.getHelpSectionKeys());
        keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER), SUBCOMMAND_ARGUMENTS);
        issue.setHelpSectionKeys(keys);
        issue.getHelpSectionMap().put(SUBCOMMAND_ARGUMENTS, help -> {
            StringBuilder sb = new StringBuilder();
            for (Help sub : help.subcommands().values()) {
                sb.append(String.format("%n")).append(sub.synopsis(0)).append(sub.parameterList()).append(sub.optionList());
            }
            return sb.toString();
        });
    }
}
