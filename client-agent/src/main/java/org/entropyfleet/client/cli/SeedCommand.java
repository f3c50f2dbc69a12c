package org.entropyfleet.client.cli;

import com.codahale.metrics.MetricRegistry;
import io.netty.channel.EventLoopGroup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.entropyfleet.client.config.ClientAgentConfig;
import org.entropyfleet.client.kernel.KernelMetrics;
import org.entropyfleet.client.kernel.LinuxKernelRandom;
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
 * {@code client-agent seed --bytes 64 --config FILE [--timeout 30s]}: fetch N bytes once, credit them
 * to the kernel, ask it to reseed, exit 0; exit 1 naming the hosts tried if none answered. For boot
 * scripts that must not wait for the daemon.
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
            cfg = ClientAgentConfig.load(config);
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
                    return ExitCodes.FAILURE;
                }
                UpstreamHost from = connector.activeHost();
                int bits = bytes * cfg.kernel().creditBitsPerByte();
                try {
                    boolean credited = kernel.addEntropy(data, bits);
                    if (credited && kernel.crngReady()) {
                        kernel.reseed(); // make the fresh bytes count now, not at the next scheduled reseed
                    }
                    out.println("seeded " + bytes + " bytes from " + from + ": "
                            + (credited ? bits + " bits credited" : "mixed in uncredited (no CAP_SYS_ADMIN)"));
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
}
