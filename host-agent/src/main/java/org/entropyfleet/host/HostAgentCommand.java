package org.entropyfleet.host;

import com.codahale.metrics.MetricRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.entropyfleet.host.cli.CheckConfigCommand;
import org.entropyfleet.host.cli.ConfigFiles;
import org.entropyfleet.host.cli.StatusCommand;
import org.entropyfleet.host.config.HostAgentConfig;
import org.entropyfleet.link.config.ConfigException;
import org.entropyfleet.link.tls.TlsConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code host-agent --config FILE}: runs until SIGTERM (graceful stop), reloads certificates, allowlist,
 * contributors and quota on SIGHUP. Exit codes: 0 ok, 1 runtime failure, 2 usage or config error.
 */
@Command(name = "host-agent", mixinStandardHelpOptions = true, version = "host-agent 0.1.0",
        description = "Serves health-tested, conditioned hardware-RNG entropy over mutually-authenticated EGD.",
        subcommands = {CheckConfigCommand.class, StatusCommand.class, CommandLine.HelpCommand.class})
public final class HostAgentCommand implements Callable<Integer> {
    public static final int EXIT_OK = 0;
    public static final int EXIT_RUNTIME = 1;
    public static final int EXIT_CONFIG = 2;

    private static final Logger LOG = LoggerFactory.getLogger(HostAgentCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "YAML configuration file")
    Path config;

    @Override
    public Integer call() {
        if (config == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--config FILE is required (or a subcommand)");
        }
        HostAgentConfig cfg;
        try {
            cfg = ConfigFiles.load(config);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("host-agent: " + e.getMessage());
            return EXIT_CONFIG;
        }
        HostAgent agent;
        try {
            agent = HostAgent.start(cfg, new MetricRegistry());
        } catch (TlsConfigException e) {
            spec.commandLine().getErr().println("host-agent: " + e.getMessage());
            return EXIT_CONFIG;
        } catch (Exception e) {
            LOG.error("event=start-failed error=\"{}\"", String.valueOf(e));
            spec.commandLine().getErr().println("host-agent: cannot start: " + e);
            return EXIT_RUNTIME;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "shutdown"));
        Signals.onHangup(() -> {
            try {
                agent.reload(ConfigFiles.load(config));
            } catch (ConfigException e) {
                LOG.error("event=reload-failed keeping=previous-config error=\"{}\"", e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("event=reload-failed error=\"{}\"", String.valueOf(e));
            }
        });
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return EXIT_OK;
    }

    public static CommandLine commandLine() {
        return new CommandLine(new HostAgentCommand());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
