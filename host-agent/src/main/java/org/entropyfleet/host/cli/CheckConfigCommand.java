package org.entropyfleet.host.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.entropyfleet.host.config.HostAgentConfig;
import org.entropyfleet.link.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code host-agent check-config FILE}: exit 0 and a summary, or exit 2 and FILE:LINE:COL: key '...': problem. */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Validate a host-agent config file and print a summary.")
public final class CheckConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() {
        try {
            HostAgentConfig cfg = ConfigFiles.load(file);
            spec.commandLine().getOut().print(file + ": OK\n" + cfg.summary());
            spec.commandLine().getOut().flush();
            return 0;
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
    }
}
