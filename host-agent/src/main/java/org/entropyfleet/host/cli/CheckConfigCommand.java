package org.entropyfleet.host.cli;

import com.codahale.metrics.MetricRegistry;
import org.entropyfleet.host.config.HostAgentConfig;
import org.entropyfleet.host.config.SourceConfig;
import org.entropyfleet.link.cli.ConfigFileCommand;
import org.entropyfleet.link.cli.ExitCodes;
import org.entropyfleet.link.config.ConfigException;
import org.entropyfleet.link.config.ConfigFindings;
import org.entropyfleet.link.tls.ClientTlsContext;
import org.entropyfleet.link.tls.ServerTlsContext;
import org.entropyfleet.link.tls.TlsConfigException;
import org.entropyfleet.link.tls.TlsPreflight;
import picocli.CommandLine.Option;
import picocli.CommandLine.Command;

/**
 * {@code host-agent check-config FILE}: exit 0 and a summary, or exit 2 and FILE:LINE:COL: key '...': problem.
 * Unless {@code --syntax-only}, what would stop the agent at run time is checked too (see the description),
 * so a wrong path or an expired certificate is found before the restart, not after.
 */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = {"Validate a host-agent config file and print a summary. Exit 0 ok (warnings may be printed),"
                + " 2 an error, each named FILE:LINE:COL: key '...'.",
            "Besides syntax and unknown keys, checks: TLS files exist and parse; the key matches the certificate;"
                + " the certificate is valid now, chains to the CA bundle, has EKU serverAuth, and its SANs cover"
                + " 'listen' when that names a host or IP (not 0.0.0.0/::); each source's tls (EKU clientAuth);"
                + " each device source opens for reading (as --as-user USER if given).",
            "Warnings (exit 0): a certificate expiring within 30 days; an empty tls.allow."})
public final class CheckConfigCommand extends ConfigFileCommand {
    @Option(names = "--syntax-only", description = "check the YAML only; do not load certificates, keys or devices")
    boolean syntaxOnly;

    @Option(names = "--as-user", paramLabel = "USER",
            description = "check device sources as this user (the service's User=, e.g. egd-host); needs root")
    String asUser;

    @Override
    public Integer call() {
        HostAgentConfig cfg;
        try {
            cfg = HostAgentConfig.load(file);
        } catch (ConfigException e) {
            return fail(e.getMessage());
        }
        if (!syntaxOnly) {
            ConfigFindings findings = preflight(cfg);
            findings.print(spec.commandLine().getErr());
            if (findings.hasErrors()) {
                return ExitCodes.CONFIG;
            }
            try {
                loadTls(cfg);
            } catch (ConfigException e) {
                return fail(e.getMessage());
            }
        }
        spec.commandLine().getOut().print(file + ": OK\n" + cfg.summary());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    private ConfigFindings preflight(HostAgentConfig cfg) {
        ConfigFindings findings = new ConfigFindings(file);
        String listenHost = cfg.listen().isUnix() ? null : cfg.listen().host();
        TlsPreflight.checkInto(findings, "tls", cfg.tls(), TlsPreflight.Role.SERVER, listenHost);
        for (int i = 0; i < cfg.sources().size(); i++) {
            SourceConfig sc = cfg.sources().get(i);
            if (sc.tls() != null) {
                TlsPreflight.checkInto(findings, "sources[" + i + "].tls", sc.tls(), TlsPreflight.Role.CLIENT, null);
            }
            if ("device".equals(sc.type())) {
                String problem = DeviceAccess.problem(sc.path(), asUser);
                if (problem != null) {
                    findings.error("sources[" + i + "].path", problem);
                }
            }
        }
        return findings;
    }

    /** Builds the contexts as the agent will, for anything the preflight does not judge (e.g. a CRL's signer). */
    private void loadTls(HostAgentConfig cfg) throws ConfigException {
        MetricRegistry scratch = new MetricRegistry();
        try (ServerTlsContext ignored = ServerTlsContext.open(cfg.tls(), scratch)) {
            // loaded
        } catch (TlsConfigException e) {
            throw org.entropyfleet.link.config.ConfigLoader.problemAt(file, "tls", e.getMessage());
        }
        for (int i = 0; i < cfg.sources().size(); i++) {
            SourceConfig sc = cfg.sources().get(i);
            if (sc.tls() != null) {
                try (ClientTlsContext ignored = ClientTlsContext.open(sc.tls(), scratch)) {
                    // loaded
                } catch (TlsConfigException e) {
                    throw org.entropyfleet.link.config.ConfigLoader.problemAt(file, "sources[" + i + "].tls", e.getMessage());
                }
            }
        }
    }

    private int fail(String message) {
        spec.commandLine().getErr().println(message);
        spec.commandLine().getErr().flush();
        return ExitCodes.CONFIG;
    }
}
