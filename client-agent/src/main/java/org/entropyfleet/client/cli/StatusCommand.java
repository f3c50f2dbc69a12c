package org.entropyfleet.client.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.entropyfleet.client.ClientAgent;
import org.entropyfleet.client.config.ClientAgentConfig;
import org.entropyfleet.client.kernel.KernelFeeder;
import org.entropyfleet.client.kernel.KernelMetrics;
import org.entropyfleet.client.seed.SeedRecord;
import org.entropyfleet.client.seed.SeedStatus;
import org.entropyfleet.link.cli.AgentStatusCommand;
import org.entropyfleet.link.cli.DurationConverter;
import org.entropyfleet.link.config.ConfigException;
import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.link.metrics.HealthExitCode;
import org.entropyfleet.link.metrics.StatusProbe;
import org.entropyfleet.link.metrics.StatusReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code client-agent status [--metrics URL | --config FILE] [--json]}: a short summary of a running
 * agent from its /metrics.json — the host it uses by name, what it gave the kernel and when, the
 * certificate's expiry and the CRL's age — then its /healthz answer. Exit codes: {@link HealthExitCode}.
 *
 * <p>On kernels ≥ 5.18 (and those with the 2022 backport) {@code entropy_avail} reads a constant 256,
 * so the summary says what is true there instead: whether the CRNG is initialised, the bits the agent
 * credited, the last and next top-up. Watermark mode shows the watermark figures.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Summarise a running client-agent from its metrics endpoint.",
            "Exit codes: 0 ok, 5 degraded, 6 down, 7 unreachable, 2 usage or config error.",
            "--seed (timer mode): 0 the last run succeeded, 5 it failed but one within --max-age succeeded, 6 none did."})
public final class StatusCommand extends AgentStatusCommand {
    static final String DEFAULT_URL = "http://127.0.0.1:" + ClientAgent.DEFAULT_METRICS_PORT;

    @Option(names = "--seed", description = "timer mode (no daemon): report the last `seed` run recorded in --state-dir")
    boolean seed;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "with --seed (default /var/lib/entropy-fleet)")
    Path stateDir = SeedRecord.DEFAULT_STATE_DIR;

    @Option(names = "--max-age", defaultValue = "2h", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "with --seed: no successful run within this long is down (default 2h, twice the timer's interval)")
    Duration maxAge;

    public StatusCommand() {
        super("client-agent", DEFAULT_URL, StatusCommand::summarize);
    }

    @Override
    public Integer call() throws ConfigException, InterruptedException {
        if (seed) {
            return SeedStatus.print(SeedRecord.read(stateDir), Instant.now(), maxAge, spec.commandLine().getOut(), json());
        }
        return super.call();
    }

    @Override
    protected Endpoint metricsEndpoint(Path file) throws ConfigException {
        return ClientAgentConfig.load(file).metrics().listenOr(ClientAgent.DEFAULT_METRICS_PORT);
    }

    static StatusReport summarize(StatusProbe.Reading m, Instant now) {
        StatusReport s = new StatusReport("client-agent", m, now);
        upstream(m, s);
        kernel(m, s);
        if (m.has("local.clients")) {
            s.line("local EGD: %d clients connected", m.num("local.clients"));
            s.put("local-egd-clients", m.num("local.clients"));
        }
        return s.tls();
    }

    private static void upstream(StatusProbe.Reading m, StatusReport s) {
        String active = m.text("upstream.active-host");
        long received = 0;
        for (Map.Entry<String, Object> e : m.values().entrySet()) {
            if (e.getKey().startsWith("upstream.bytes-received.") && e.getValue() instanceof Double d) {
                received += Math.round(d);
            }
        }
        boolean connected = active != null && !active.equals("none");
        boolean preferred = m.num("upstream.active-host-index") == 0;
        s.line("upstream: %s; %d bytes received, %d failovers, %d refusals", connected
                        ? "connected to " + active + (preferred ? " (first choice)" : " (a fallback host)")
                        : "no host reachable", received, m.num("upstream.failovers"), m.num("upstream.refusals"));
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("active-host", connected ? active : null);
        j.put("preferred", connected && preferred);
        j.put("bytes-received", received);
        j.put("failovers", m.num("upstream.failovers"));
        s.put("upstream", j);
    }

    private static void kernel(StatusProbe.Reading m, StatusReport s) {
        int mode = (int) m.num("kernel.mode", 0);
        Map<String, Object> j = new LinkedHashMap<>();
        if (mode == 0) {
            s.line("kernel: not fed (kernel.mode: off)");
            j.put("mode", "off");
            s.put("kernel", j);
            return;
        }
        long credited = m.num(KernelMetrics.BITS_CREDITED);
        String lastFeed = s.relativeEpoch(KernelFeeder.LAST_FEED);
        j.put("mode", mode == 1 ? "modern" : "watermark");
        j.put("bits-credited", credited);
        j.put("last-feed", s.isoEpoch(KernelFeeder.LAST_FEED));
        if (m.num("kernel.watermark-above-pool") == 1) {
            boolean fellBack = m.num("kernel.watermark-fallback") == 1;
            s.line("kernel: WARNING: a watermark exceeds the kernel's pool size (%d bits)%s",
                    m.num(KernelFeeder.POOL_SIZE), fellBack ? ": watermark mode cannot work here, feeding in modern"
                            + " mode instead (fix kernel.low-watermark or use mode: auto)" : ": refills stop at the pool size");
            j.put("watermark-fallback", fellBack);
        }
        if (mode == 1) {
            boolean ready = m.num(KernelFeeder.CRNG_READY) == 1;
            String since = s.relativeEpoch(KernelFeeder.CRNG_READY_SINCE);
            s.line("kernel: modern driver (entropy_avail is a constant 256 there and means nothing); CRNG %s",
                    ready ? "initialised " + (since == null ? "before the agent started" : since + ", seeded by the agent")
                            : "NOT initialised yet (reads from getrandom block)");
            String next = s.relativeEpoch(KernelFeeder.NEXT_FEED);
            s.line("kernel: %d bits credited since start; last top-up %s%s", credited,
                    lastFeed == null ? "none yet" : lastFeed, next == null ? "" : ", next " + next);
            String reseed = s.relativeEpoch(KernelFeeder.LAST_RESEED);
            if (reseed != null) {
                s.line("kernel: last CRNG reseed %s", reseed);
            }
            j.put("crng-ready", ready);
            j.put("crng-ready-since", s.isoEpoch(KernelFeeder.CRNG_READY_SINCE));
            j.put("next-feed", s.isoEpoch(KernelFeeder.NEXT_FEED));
            j.put("last-reseed", s.isoEpoch(KernelFeeder.LAST_RESEED));
        } else {
            long counted = m.num(KernelMetrics.BITS_COUNTED);
            s.line("kernel: watermark: entropy_avail %d of %d bits, refill below %d up to %d", m.num(KernelFeeder.ENTROPY_AVAIL),
                    m.num(KernelFeeder.POOL_SIZE), m.num(KernelFeeder.LOW_WATERMARK), m.num(KernelFeeder.HIGH_WATERMARK));
            s.line("kernel: %d bits credited, %d counted by the kernel since start; last refill %s", credited, counted,
                    lastFeed == null ? "none yet" : lastFeed);
            j.put("bits-counted", counted);
            j.put("entropy-avail", m.num(KernelFeeder.ENTROPY_AVAIL));
            j.put("pool-size", m.num(KernelFeeder.POOL_SIZE));
            j.put("low-watermark", m.num(KernelFeeder.LOW_WATERMARK));
            j.put("high-watermark", m.num(KernelFeeder.HIGH_WATERMARK));
        }
        long uncredited = m.num(KernelMetrics.BYTES_UNCREDITED);
        if (m.num(KernelMetrics.UNCREDITED_FALLBACK) > 0) {
            s.line("kernel: CREDIT REFUSED (the agent lacks CAP_SYS_ADMIN): %d bytes mixed in without credit", uncredited);
        }
        j.put("bytes-uncredited", uncredited);
        s.put("kernel", j);
    }
}
