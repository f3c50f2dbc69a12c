package org.entropyfleet.client;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.entropyfleet.client.cli.CheckConfigCommand;
import org.entropyfleet.client.cli.SeedCommand;
import org.entropyfleet.client.cli.StatusCommand;
import org.entropyfleet.client.config.ClientAgentConfig;
import org.entropyfleet.link.cli.AgentCommand;
import org.entropyfleet.link.cli.ExitCodes;
import org.entropyfleet.link.config.ConfigException;
import org.entropyfleet.link.config.ConfigLoader;
import org.entropyfleet.link.signal.Signals;
import org.entropyfleet.link.transport.ListenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code client-agent --config FILE}: runs until SIGTERM/SIGINT, then stops gracefully; SIGHUP reloads
 * (see {@link ClientAgent#reload}). Subcommands
 * {@code seed}, {@code check-config}, {@code status}. Exit codes: 0 ok, 1 runtime failure,
 * 2 usage or config error.
 */
@Command(name = "client-agent", mixinStandardHelpOptions = true, usageHelpWidth = 110, version = "client-agent 0.1.0",
        description = "Feeds this machine's kernel RNG from entropy-fleet host-agents over mutually-authenticated EGD.",
        subcommands = {SeedCommand.class, CheckConfigCommand.class, StatusCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nConfiguration (YAML; unknown keys are errors naming file:line:key):%n",
        footer = {
            "  hosts: [\"rng1.example.net:7776\", \"rng2.example.net:7776\"]   preference order, failover",
            "  tls: {cert, key, ca, crl, protocols, reload-interval, handshake-timeout}   required",
            "  kernel: {mode: auto|modern|watermark|off, top-up-interval: 60s, top-up-bytes: 64,",
            "           reseed: false, low-watermark: 1024, high-watermark: 3072, poll-interval: 1s,",
            "           credit-bits-per-byte: 8, proc-root: /proc}",
            "  local-egd: {listen: 127.0.0.1:7777 | unix:/run/entropy-fleet/egd.sock, buffer-bytes: 1024,",
            "              max-clients: 64, idle-timeout: 0 (never), blocking-read-timeout: 60s}   optional",
            "  metrics: {listen: 127.0.0.1:9777}    request-timeout: 5s    failback-after: 5m",
            "  tls-provider: jdk | openssl | auto   (jdk by default: the smaller footprint)",
            "  refused-backoff-max: 5m   longest wait before retrying a host that refused our certificate",
            "",
            "Before a restart: client-agent check-config FILE  (exit 2 naming file:line:key on unknown keys and",
            "  missing, mismatched, expired or wrongly-purposed TLS files; warns of expiry within 30 days)",
            "Signals: SIGTERM shuts down gracefully; SIGHUP re-reads the TLS files and applies hosts, request-timeout,",
            "  failback-after, refused-backoff-max, kernel timings and local-egd limits, keeping the working",
            "  upstream connection (tls paths, kernel.mode, local-egd listen/buffer-bytes, metrics: restart).",
            "Exit codes: 0 ok; 1 runtime failure (e.g. seed reached no host); 2 usage or configuration error",
            "  (also: the address of local-egd.listen or metrics.listen already in use, named with its line);",
            "  5/6/7 status: degraded/down/unreachable (see README \"Exit codes\").",
            "Example: client-agent --config /etc/entropy-fleet/client-agent.yaml"})
public final class ClientAgentCommand extends AgentCommand {
    private static final Logger LOG = LoggerFactory.getLogger(ClientAgentCommand.class);

    @Override
    public Integer call() throws Exception {
        Path config = requireConfig("seed, check-config, status");
        Signals.Hangups hangups = Signals.catchHangups();
        ClientAgentConfig cfg = ClientAgentConfig.load(config);
        ClientAgent agent;
        try {
            agent = ClientAgent.start(cfg);
        } catch (ListenException e) {
            LOG.error("event=start-failed key={} error=\"{}\"", e.key(), e.reason());
            throw ConfigLoader.problemAt(config, e.key(), e.reason());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("event=shutdown-requested");
            agent.close();
            stopped.countDown();
        }, "shutdown"));
        hangups.onHangup(() -> reload(agent));
        // once start-up work (first handshake, first kernel feed, local buffer fill) is over
        if (!stopped.await(Footprint.SETTLE_AFTER.toMillis(), TimeUnit.MILLISECONDS)) {
            Footprint.settle();
            stopped.await();
        }
        return ExitCodes.OK;
    }

    private void reload(ClientAgent agent) {
        try {
            agent.reload(ClientAgentConfig.load(config));
            Footprint.settle(); // the reload's throw-away config loader goes, as after start
        } catch (ConfigException e) {
            LOG.error("event=reload-failed keeping=previous-config error=\"{}\"", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("event=reload-failed error=\"{}\"", String.valueOf(e));
        }
    }

    /** Builds the command line with the exit-code mapping, for main and tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ClientAgentCommand());
        cl.setExitCodeExceptionMapper(ExitCodes::forException);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("client-agent: " + ExitCodes.message(ex));
            return ExitCodes.forException(ex);
        });
        return cl;
    }

    /** Kept for callers that name this class; the jar's Main-Class is {@link ClientAgentMain}. */
    public static void main(String[] args) {
        ClientAgentMain.main(args);
    }

    /** {@code --config FILE} as picocli would run it: the same call, exit codes and one-line error. */
    static int runDaemon(Path config, PrintStream err) {
        ClientAgentCommand daemon = new ClientAgentCommand();
        daemon.config = config;
        try {
            return daemon.call();
        } catch (Exception e) {
            err.println("client-agent: " + ExitCodes.message(e));
            return ExitCodes.forException(e);
        }
    }
}
