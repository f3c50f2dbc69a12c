package org.entropyfleet.certs;

import org.entropyfleet.certs.ca.InitCaCommand;
import org.entropyfleet.certs.ca.RetireCaCommand;
import org.entropyfleet.certs.ca.RotateCaCommand;
import org.entropyfleet.certs.check.CheckCommand;
import org.entropyfleet.certs.check.RepairCommand;
import org.entropyfleet.certs.crl.CrlCommand;
import org.entropyfleet.certs.crl.RevokeCommand;
import org.entropyfleet.certs.issue.RenewCommand;
import org.entropyfleet.certs.puppet.ImportPuppetCommand;
import org.entropyfleet.certs.cli.CertsException;
import org.entropyfleet.certs.cli.ExitCodes;
import org.entropyfleet.certs.issue.IssueCommand;
import org.entropyfleet.certs.list.ListCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/**
 * {@code certs}: the PKI tool of entropy-fleet. Like picocli's git example, one class per subcommand;
 * this class only wires them, documents the directory layout and maps exceptions to exit codes.
 */
@Command(name = "certs", mixinStandardHelpOptions = true, version = "certs 0.1.0",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {
                InitCaCommand.class,
                IssueCommand.class,
                RenewCommand.class,
                RevokeCommand.class,
                CrlCommand.class,
                ListCommand.class,
                RotateCaCommand.class,
                RetireCaCommand.class,
                ImportPuppetCommand.class,
                CheckCommand.class,
                RepairCommand.class,
                HelpCommand.class},
        description = {"Runs the small PKI of an entropy-fleet: a CA, host certificates for host-agents, client "
                + "certificates for client-agents, renewal, revocation with CRLs, and CA rotation without "
                + "downtime; or imports an existing Puppet CA and node certificate instead.", ""},
        footer = {"",
                "Directory layout (--dir DIR, default /etc/entropy-fleet/pki):",
                "  DIR/ca-bundle.pem            CA certificates agents trust (both during rotation)  -> tls.ca",
                "  DIR/ca.crl                   CRLs of all trusted CAs, concatenated PEM            -> tls.crl",
                "  DIR/ca/ca.crt                current CA certificate",
                "  DIR/ca/ca.key                current CA key, PKCS#8 PEM, 0600 (optionally encrypted)",
                "  DIR/ca/serial                next serial number (hex)",
                "  DIR/ca/index.tsv             every certificate issued: serial, name, kind, dates, status",
                "  DIR/ca/crlnumber, crl.pem    CRL counter and the current CA's own CRL",
                "  DIR/ca/certs/SERIAL.pem      a copy of every certificate issued (for check and repair)",
                "  DIR/ca/backup/TIME/          files 'repair' replaced",
                "  DIR/ca/previous/             the outgoing CA between rotate-ca and retire-ca",
                "  DIR/issued/NAME.crt          leaf certificate                                     -> tls.cert",
                "  DIR/issued/NAME.key          leaf key, PKCS#8 PEM, 0600                           -> tls.key",
                "  DIR/issued/NAME-chain.pem    leaf + issuing CA",
                "  DIR/issued/NAME-combined.pem leaf + CA + key, 0600 (with --combined; stunnel cert=)",
                "On an agent (as the .deb and Puppet install them): tls.ca /etc/entropy-fleet/tls/ca.pem,",
                "tls.crl .../tls/crl.pem, tls.cert and tls.key .../tls/host.crt|client.crt and host.key|client.key.",
                "",
                "Exit codes: 0 ok; 1 runtime failure; 2 usage or configuration error (no COMMAND, bad argument,",
                "no CA, wrong passphrase, corrupt PEM, damaged CA database refused); 3 'list --expiring' or",
                "'--crl-expiring' found something expiring; 4 'check' or 'repair' found the CA database damaged.",
                "(5, 6, 7 are the agents' 'status' codes: one table for all three tools, see the README.)",
                "Commands that sign first cross-check ca/index.tsv, ca/serial and crlnumber against the issued",
                "certificates and the published CRLs, and refuse (exit 2) while they disagree: a truncated index",
                "or a rewound counter would repeat a serial or un-revoke a certificate. 'certs check' lists the",
                "problems, 'certs repair' rebuilds the files (keeping copies in DIR/ca/backup/).",
                "Files are replaced atomically (temp file, fsync, rename); keys are created 0600.",
                "",
                "Examples:",
                "  certs init-ca",
                "  certs issue host rng1.example.net --san 192.0.2.10",
                "  certs issue client vm1.example.net",
                "  certs list --expiring 30d",
                "  certs check || certs repair",
                "  certs help issue"})
public final class CertsCommand implements Runnable {
    /** Wide enough for the layout table in the footer. */
    static final int USAGE_WIDTH = 100;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        // like the agents without --config: a usage error (exit 2), the manual on stderr
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing COMMAND (e.g. certs init-ca)");
    }

    /** The fully configured command line; tests call this with their own writers. */
    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new CertsCommand());
        cl.setUsageHelpWidth(USAGE_WIDTH);
        propagateVersion(cl, cl.getCommandSpec().version());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(CertsCommand::handle);
        IssueCommand.showSubcommandArguments(cl.getSubcommands().get("issue"));
        return cl;
    }

    /** Subcommands answer -V with the tool's version instead of an empty line. */
    private static void propagateVersion(CommandLine cl, String[] version) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            sub.getCommandSpec().version(version);
            propagateVersion(sub, version);
        }
    }

    private static int handle(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (ex instanceof CertsException ce) {
            err.println("certs " + cmd.getCommandName() + ": error: " + ce.getMessage());
            err.flush();
            return ce.exitCode();
        }
        err.println("certs " + cmd.getCommandName() + ": internal error: " + ex);
        ex.printStackTrace(err);
        err.flush();
        return ExitCodes.RUNTIME;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(newCommandLine(out, err).execute(args));
    }
}
