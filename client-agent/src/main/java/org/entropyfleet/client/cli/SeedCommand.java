package org.entropyfleet.client.cli;

import com.codahale.metrics.MetricRegistry;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.entropyfleet.client.config.ClientAgentConfig;
import org.entropyfleet.client.kernel.KernelMetrics;
import org.entropyfleet.client.kernel.LinuxKernelRandom;
import org.entropyfleet.client.seed.SeedRecord;
import org.entropyfleet.client.seed.SeedTextfile;
import org.entropyfleet.client.upstream.HostConnector;
import org.entropyfleet.client.upstream.UpstreamHost;
import org.entropyfleet.link.cli.DurationConverter;
import org.entropyfleet.link.cli.ExitCodes;
import org.entropyfleet.link.config.ConfigException;
import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.link.tls.ClientTlsContext;
import org.entropyfleet.link.tls.TlsConfigException;
import org.entropyfleet.link.transport.Transport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code client-agent seed --bytes 64 --config FILE [--timeout 30s] [--state-dir DIR]}: fetch N bytes once,
 * credit them to the kernel, ask it to reseed, exit 0; exit 1 naming the hosts tried if none answered. For
 * boot scripts that must not wait for the daemon, and for timer mode (a systemd timer instead of the
 * daemon). Each run leaves a {@link SeedRecord} in the state directory and, with
 * {@code metrics.textfile-dir}, {@code entropy-fleet-client-seed.prom} for node_exporter.
 */
@Command(name = "seed", mixinStandardHelpOptions = true,
        description = "Fetch N bytes from the hosts once, credit them to the kernel, and exit.")
public final class SeedCommand implements Callable<Integer> {
    /** Largest one-shot seed. */
    public static final int MAX_SEED_BYTES = 4096;

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE")
    Path config;

    @Option(names = "--bytes", defaultValue = "64", paramLabel = "N", description = "bytes to fetch (1..4096, default 64)")
    int bytes;

    @Option(names = "--timeout", defaultValue = "30s", paramLabel = "DURATION",
            description = "give up after this long, e.g. 30s, 2m (default 30s)", converter = DurationConverter.class)
    Duration timeout;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "where the run is recorded for status and monitoring (default /var/lib/entropy-fleet)")
    Path stateDir = SeedRecord.DEFAULT_STATE_DIR;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (bytes < 1 || bytes > MAX_SEED_BYTES) {
            err.println("--bytes must be 1.." + MAX_SEED_BYTES);
            return ExitCodes.CONFIG;
        }
        ClientAgentConfig cfg;
        try {
            cfg = ClientAgentConfig.loadOnce(config);
        } catch (ConfigException e) {
            err.println(ExitCodes.message(e));
            return ExitCodes.CONFIG;
        }
        MetricRegistry metrics = new MetricRegistry();
        EventLoopGroup group = Transport.newGroup(1, "seed");
        try (ClientTlsContext tls = ClientTlsContext.open(cfg.tls(), metrics, cfg.tlsProvider().sslProvider());
                LinuxKernelRandom kernel = LinuxKernelRandom.open(cfg.kernel().procRoot(), new KernelMetrics(metrics))) {
            UpstreamHost first = cfg.upstreamHosts().get(0);
            HostConnector connector = new HostConnector(cfg.upstreamSettings(), tls::addTo, group,
                    Transport.clientChannel(Endpoint.tcp(first.host(), first.port())), metrics);
            try {
                connector.start();
                CompletableFuture<byte[]> f = connector.fetch(bytes);
                byte[] data;
                try {
                    data = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    f.cancel(false);
                    err.println("seed: no host delivered " + bytes + " bytes within " + timeout.toSeconds()
                            + "s; hosts tried: " + connector.describeHosts());
                    record(cfg, SeedRecord.failed(Instant.now(), SeedRecord.read(stateDir)), err);
                    return ExitCodes.FAILURE;
                }
                UpstreamHost from = connector.activeHost();
                int bits = bytes * cfg.kernel().creditBitsPerByte();
                try {
                    boolean credited = kernel.addEntropy(data, bits);
                    Duration execToCredit = sinceExec();
                    if (credited && kernel.crngReady()) {
                        kernel.reseed(); // make the fresh bytes count now, not at the next scheduled reseed
                    }
                    out.println("seeded " + bytes + " bytes from " + from + ": "
                            + (credited ? bits + " bits credited" : "mixed in uncredited (no CAP_SYS_ADMIN)")
                            + (execToCredit == null ? "" : " (" + execToCredit.toMillis() + " ms from exec)"));
                    record(cfg, SeedRecord.succeeded(Instant.now(), String.valueOf(from), bytes, credited ? bits : 0,
                            execToCredit), err);
                } finally {
                    Arrays.fill(data, (byte) 0);
                }
                return ExitCodes.OK;
            } finally {
                connector.close();
            }
        } catch (TlsConfigException e) {
            err.println(config + ": key 'tls': " + ExitCodes.message(e));
            return ExitCodes.CONFIG;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3000);
        }
    }

    /** Recording is for monitoring: a state directory it cannot write is reported, not fatal to the seed. */
    private void record(ClientAgentConfig cfg, SeedRecord r, PrintWriter err) {
        try {
            r.write(stateDir);
        } catch (IOException | RuntimeException e) {
            err.println("seed: cannot record the run in " + stateDir + ": " + e.getMessage());
        }
        Path textfileDir = cfg.metrics().textfileDir();
        if (textfileDir != null) {
            try {
                SeedTextfile.write(r, textfileDir);
            } catch (IOException | RuntimeException e) {
                err.println("seed: cannot write the textfile in " + textfileDir + ": " + e.getMessage());
            }
        }
    }

    /** From the exec of this process (its start time in /proc) to now; null if the system does not say. */
    private static Duration sinceExec() {
        return ProcessHandle.current().info().startInstant().map(t -> Duration.between(t, Instant.now())).orElse(null);
    }
}
