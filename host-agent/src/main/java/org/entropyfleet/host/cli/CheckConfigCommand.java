package org.entropyfleet.host.cli;

import com.codahale.metrics.MetricRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.entropyfleet.host.config.HostAgentConfig;
import org.entropyfleet.host.config.SourceConfig;
import org.entropyfleet.link.config.ConfigException;
import org.entropyfleet.link.tls.ClientTlsContext;
import org.entropyfleet.link.tls.ServerTlsContext;
import org.entropyfleet.link.tls.TlsConfigException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code host-agent check-config FILE}: exit 0 and a summary, or exit 2 and FILE:LINE:COL: key '...': problem.
 * Unless {@code --syntax-only}, the certificates, keys and CA bundles named in the file are loaded too,
 * so a wrong path or a key that does not match its certificate is found before the restart.
 */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Validate a host-agent config file and print a summary.")
public final class CheckConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Option(names = "--syntax-only", description = "check the YAML only; do not load certificates and keys")
    boolean syntaxOnly;

    @Override
    public Integer call() {
        try {
            HostAgentConfig cfg = ConfigFiles.load(file);
            if (!syntaxOnly) {
                checkTlsFiles(cfg);
            }
            spec.commandLine().getOut().print(file + ": OK\n" + cfg.summary());
            spec.commandLine().getOut().flush();
            return 0;
        } catch (ConfigException | TlsConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
    }

    private void checkTlsFiles(HostAgentConfig cfg) throws TlsConfigException {
        MetricRegistry scratch = new MetricRegistry();
        try (ServerTlsContext ignored = ServerTlsContext.open(cfg.tls(), scratch)) {
            // loaded: paths, key/cert match, CA bundle and CRL are fine
        } catch (TlsConfigException e) {
            throw new TlsConfigException(file, "key 'tls': " + e.getMessage(), e);
        }
        for (int i = 0; i < cfg.sources().size(); i++) {
            SourceConfig sc = cfg.sources().get(i);
            if (sc.tls() != null) {
                try (ClientTlsContext ignored = ClientTlsContext.open(sc.tls(), scratch)) {
                    // loaded
                } catch (TlsConfigException e) {
                    throw new TlsConfigException(file, "key 'sources[" + i + "].tls': " + e.getMessage(), e);
                }
            }
        }
    }
}
