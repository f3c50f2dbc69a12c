package org.entropyfleet.client.cli;

import com.codahale.metrics.MetricRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.entropyfleet.client.config.ClientAgentConfig;
import org.entropyfleet.link.config.ConfigException;
import org.entropyfleet.link.tls.ClientTlsContext;
import org.entropyfleet.link.tls.TlsConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code client-agent check-config FILE}: exit 0 if valid (TLS files included), 2 naming file:line:key. */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Validate a config file (and load its TLS files) without starting the agent.")
public final class CheckConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() {
        try {
            ClientAgentConfig cfg = ClientAgentConfig.load(file);
            try (ClientTlsContext ignored = ClientTlsContext.open(cfg.tls(), new MetricRegistry(), cfg.tlsProvider().sslProvider())) {
                spec.commandLine().getOut().println(file + ": ok (" + cfg.hosts().size() + " hosts, kernel mode "
                        + cfg.kernel().mode().configName() + ", local-egd "
                        + (cfg.localEgd() == null ? "off" : "on") + ")");
            }
            return ExitCodes.OK;
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(ExitCodes.message(e));
            return ExitCodes.CONFIG;
        } catch (TlsConfigException e) {
            spec.commandLine().getErr().println(file + ": key 'tls': " + ExitCodes.message(e));
            return ExitCodes.CONFIG;
        }
    }
}
