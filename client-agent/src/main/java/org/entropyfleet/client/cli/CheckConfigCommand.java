package org.entropyfleet.client.cli;

import com.codahale.metrics.MetricRegistry;
import org.entropyfleet.client.config.ClientAgentConfig;
import org.entropyfleet.link.cli.ConfigFileCommand;
import org.entropyfleet.link.cli.ExitCodes;
import org.entropyfleet.link.config.ConfigException;
import org.entropyfleet.link.config.ConfigFindings;
import org.entropyfleet.link.config.ConfigLoader;
import org.entropyfleet.link.tls.ClientTlsContext;
import org.entropyfleet.link.tls.TlsConfigException;
import org.entropyfleet.link.tls.TlsPreflight;
import picocli.CommandLine.Command;

/**
 * {@code client-agent check-config FILE}: exit 0 if the agent would start with it (warnings may be
 * printed), 2 naming file:line:key of each problem that would stop it at run time.
 */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = {"Validate a config file without starting the agent. Exit 0 ok (warnings may be printed),"
                + " 2 an error, each named FILE:LINE:COL: key '...'.",
            "Besides syntax and unknown keys, checks: TLS files exist and parse; the key matches the certificate;"
                + " the certificate is valid now, chains to the CA bundle and has EKU clientAuth.",
            "Warning (exit 0): the certificate expires within 30 days."})
public final class CheckConfigCommand extends ConfigFileCommand {
    @Override
    public Integer call() {
        try {
            ClientAgentConfig cfg = ClientAgentConfig.load(file);
            ConfigFindings findings = new ConfigFindings(file);
            TlsPreflight.checkInto(findings, "tls", cfg.tls(), TlsPreflight.Role.CLIENT, null);
            findings.print(spec.commandLine().getErr());
            if (findings.hasErrors()) {
                return ExitCodes.CONFIG;
            }
            // Built as the agent will, for anything the preflight does not judge (e.g. a CRL's signer).
            try (ClientTlsContext ignored = ClientTlsContext.open(cfg.tls(), new MetricRegistry(), cfg.tlsProvider().sslProvider())) {
                spec.commandLine().getOut().println(file + ": ok (" + cfg.hosts().size() + " hosts, kernel mode "
                        + cfg.kernel().mode().configName() + ", local-egd "
                        + (cfg.localEgd() == null ? "off" : "on") + ")");
            } catch (TlsConfigException e) {
                spec.commandLine().getErr().println(ConfigLoader.problemAt(file, "tls", ExitCodes.message(e)).getMessage());
                return ExitCodes.CONFIG;
            }
            return ExitCodes.OK;
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(ExitCodes.message(e));
            return ExitCodes.CONFIG;
        }
    }
}
