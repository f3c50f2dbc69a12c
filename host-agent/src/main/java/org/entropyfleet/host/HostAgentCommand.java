package org.entropyfleet.host;

import com.codahale.metrics.MetricRegistry;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.entropyfleet.host.cli.CheckConfigCommand;
import org.entropyfleet.host.cli.StatusCommand;
import org.entropyfleet.host.config.HostAgentConfig;
import org.entropyfleet.link.cli.AgentCommand;
import org.entropyfleet.link.cli.ExitCodes;
import org.entropyfleet.link.config.ConfigException;
import org.entropyfleet.link.config.ConfigLoader;
import org.entropyfleet.link.lifecycle.NativePreload;
import org.entropyfleet.link.signal.Signals;
import org.entropyfleet.link.systemd.SystemdNotify;
import org.entropyfleet.link.tls.TlsConfigException;
import org.entropyfleet.link.transport.ListenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code host-agent --config FILE}: runs until SIGTERM (graceful stop), reloads certificates, allowlist,
 * contributors and quota on SIGHUP. Exit codes: 0 ok, 1 runtime failure, 2 usage or config error.
 */
@Command(name = "host-agent", mixinStandardHelpOptions = true, usageHelpWidth = 110, version = "host-agent 0.1.0",
        description = "Serves health-tested, conditioned hardware-RNG entropy over mutually-authenticated EGD.",
        subcommands = {CheckConfigCommand.class, StatusCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nConfiguration (YAML; unknown keys are errors naming file:line:key):%n",
        footer = {
            "  listen: 0.0.0.0:7776                TLS EGD listener (default port 7776)",
            "  tls: {cert, key, ca, crl, allow: [globs on CN/SAN], protocols: [TLSv1.3],",
            "        reload-interval: 10s, handshake-timeout: 10s, crl-expired: warn|refuse}",
            "  sources:                            one or more, each health-tested on its own",
            "    - {type: device, path: /dev/hwrng, min-entropy: 6, name: hwrng, stall-timeout: 30s}",
            "    - {type: egd, endpoint: \"127.0.0.1:8888\" | \"unix:/path\", min-entropy: 7, tls: {...}}",
            "    - {type: command, command: [\"/usr/bin/rng\", \"--stdout\"], min-entropy: 1}",
            "  metrics: {listen: 127.0.0.1:9776, max-connections: 1024, request-deadline: 5s}",
            "                                      /metrics (Prometheus), /metrics.json, /healthz",
            "  pool-size: 64KiB    quota: {bytes-per-second: 4KiB, burst: 64KiB}    max-connections: 16384",
            "  max-connections-per-identity: 64    max-handshakes: 4096    max-handshakes-per-address: 32",
            "  timeouts: {handshake: 10s, handshake-under-load: 2s, partial-frame: 30s,",
            "             idle: 0 (never; or e.g. 10m), blocking-read: 30s}",
            "  state-dir: /var/lib/entropy-fleet   newest CRL seen per CA (an older CRL file is refused)",
            "  contributors: [globs]               identities allowed to send EGD 0x03",
            "  local-egd: {listen: unix:/run/entropy-fleet/host-egd.sock}   plaintext, loopback/unix only",
            "  busy-poll: 0                        poll this long after I/O before sleeping (e.g. 50us); 0 = off, max 1ms",
            "  io-threads: (half the cores, min 1) event loops serving EGD connections and their handshakes",
            "",
            "Before a restart: host-agent check-config [--as-user egd-host] FILE  (exit 2 naming file:line:key on",
            "  unknown keys, missing/mismatched/expired TLS files, wrong EKU or SANs, unreadable devices)",
            "Signals: SIGTERM shuts down gracefully; SIGHUP reloads TLS files, allow, contributors, quota.",
            "Exit codes: 0 ok; 1 runtime failure; 2 usage or configuration error (also: an address of listen,",
            "  local-egd.listen or metrics.listen already in use; the message names the key and line);",
            "  5/6/7 status: degraded/down/unreachable (see README \"Exit codes\").",
            "Example: host-agent --config /etc/entropy-fleet/host-agent.yaml"})
public final class HostAgentCommand extends AgentCommand {
    private static final Logger LOG = LoggerFactory.getLogger(HostAgentCommand.class);

    @Override
    public Integer call() {
        Path config = requireConfig("check-config, status");
        Signals.Hangups hangups = Signals.catchHangups();
        NativePreload.start();   // BoringSSL and epoll load while the config is read: the agent listens sooner
        HostAgentConfig cfg;
        try {
            cfg = HostAgentConfig.load(config);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("host-agent: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        HostAgent agent;
        try {
            agent = HostAgent.start(cfg, new MetricRegistry());
        } catch (TlsConfigException e) {
            spec.commandLine().getErr().println("host-agent: " + e.getMessage());
            return ExitCodes.CONFIG;
        } catch (ListenException e) {
            LOG.error("event=start-failed key={} error=\"{}\"", e.key(), e.reason());
            spec.commandLine().getErr().println("host-agent: " + ConfigLoader.problemAt(config, e.key(), e.reason()).getMessage());
            return ExitCodes.CONFIG;
        } catch (Exception e) {
            LOG.error("event=start-failed error=\"{}\"", String.valueOf(e));
            spec.commandLine().getErr().println("host-agent: cannot start: " + e);
            return ExitCodes.FAILURE;
        }
        // Listening and serving now: a Type=notify unit becomes active only here (issue 13).
        SystemdNotify.ready();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            SystemdNotify.stopping();
            agent.close();
            stopped.countDown();
        }, "shutdown"));
        hangups.onHangup(() -> {
            try {
                agent.reload(HostAgentConfig.load(config));
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
        return ExitCodes.OK;
    }

    public static CommandLine commandLine() {
        return new CommandLine(new HostAgentCommand());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
