package org.entropyfleet.link.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.entropyfleet.link.log.LogTimestamps;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The top command of both agents: {@code AGENT --config FILE} runs the daemon, or a subcommand runs instead. */
public abstract class AgentCommand implements Callable<Integer> {
    static {
        // before any logger: slf4j-simple reads its settings when the first logger is made
        LogTimestamps.configure();
    }

    @Spec
    protected CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "YAML config; runs the agent until SIGTERM")
    protected Path config;

    /** The --config file; without one, a usage error naming {@code subcommands}. */
    protected Path requireConfig(String subcommands) {
        if (config == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Missing --config FILE (or use a subcommand: " + subcommands + ")");
        }
        return config;
    }
}
