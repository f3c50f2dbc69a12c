package org.entropyfleet.host.cli;

import com.codahale.metrics.MetricRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.entropyfleet.host.HostAgent;
import org.entropyfleet.host.config.HostAgentConfig;
import org.entropyfleet.host.health.SourceHealth;
import org.entropyfleet.host.source.StreamSource;
import org.entropyfleet.link.cli.AgentStatusCommand;
import org.entropyfleet.link.config.ConfigException;
import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.link.metrics.HealthExitCode;
import org.entropyfleet.link.metrics.StatusProbe;
import org.entropyfleet.link.metrics.StatusReport;
import picocli.CommandLine.Command;

/**
 * {@code host-agent status [--metrics URL | --config FILE] [--json]}: a short summary of a running
 * agent from its /metrics.json (sources and their health in words, pool level, clients, the
 * certificate's expiry, the CRL's age), then its /healthz answer. Exit codes: {@link HealthExitCode}.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Summarise a running host-agent from its metrics endpoint.",
            "Exit codes: 0 ok, 5 degraded, 6 down, 7 unreachable, 2 usage or config error."})
public final class StatusCommand extends AgentStatusCommand {
    static final String DEFAULT_URL = "http://127.0.0.1:9776";

    public StatusCommand() {
        super("host-agent", DEFAULT_URL, StatusCommand::summarize);
    }

    @Override
    protected Endpoint metricsEndpoint(Path file) throws ConfigException {
        HostAgentConfig cfg = HostAgentConfig.load(file);
        return cfg.metrics() == null || cfg.metrics().listen() == null ? HostAgent.DEFAULT_METRICS : cfg.metrics().listen();
    }

    static StatusReport summarize(StatusProbe.Reading m, Instant now) {
        StatusReport s = new StatusReport("host-agent", m, now);
        TreeSet<String> sources = new TreeSet<>();
        TreeSet<String> clients = new TreeSet<>();
        for (String k : m.values().keySet()) {
            if (k.startsWith("host.source.") && k.endsWith(".up")) {
                sources.add(k.substring("host.source.".length(), k.length() - ".up".length()));
            }
            if (k.startsWith("host.serve.client.") && k.endsWith(".bytes-served")) {
                clients.add(k.substring("host.serve.client.".length(), k.length() - ".bytes-served".length()));
            }
        }
        List<Map<String, Object>> src = new ArrayList<>();
        for (String name : sources) {
            String p = "host.source." + name + ".";
            String words = sourceWords(m.num(p + "up") == 1, (int) m.num(p + "stream-state", -1),
                    (int) m.num(p + "health.state", -1));
            long gathered = m.num(p + "bytes-gathered");
            s.line("source %s: %s; %d bytes gathered, %d stalls, %d reopens, %d blocks failed the health tests",
                    name, words, gathered, m.num(p + "stalls"), m.num(p + "reopens"), m.num(p + "health.blocks-failed"));
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("name", name);
            j.put("state", words);
            j.put("bytes-gathered", gathered);
            j.put("stalls", m.num(p + "stalls"));
            j.put("blocks-failed", m.num(p + "health.blocks-failed"));
            src.add(j);
        }
        s.put("sources", src);
        long level = m.num("host.pool.level-bytes");
        long capacity = m.num("host.pool.capacity-bytes");
        s.line("pool: %d of %d bytes (%d %%), %d reads waiting", level, capacity,
                capacity > 0 ? level * 100 / capacity : 0, m.num("host.pool.waiters"));
        s.put("pool", Map.of("level-bytes", level, "capacity-bytes", capacity, "waiters", m.num("host.pool.waiters")));
        s.line("connections: %d open, %d rejected at the limit; %d bytes served in all",
                m.num("host.serve.connections"), m.num("host.serve.connections-rejected"),
                m.num("host.serve.bytes-served"));
        Map<String, Object> cj = new LinkedHashMap<>();
        for (String c : clients) {
            long served = m.num(MetricRegistry.name("host.serve.client", c, "bytes-served"));
            s.line("client %s: %d bytes served", c, served);
            cj.put(c, served);
        }
        s.put("connections", m.num("host.serve.connections"));
        s.put("clients", cj);
        return s.tls();
    }

    /** A source's state as an operator reads it. */
    static String sourceWords(boolean up, int streamState, int healthState) {
        StreamSource.State[] states = StreamSource.State.values();
        SourceHealth.State[] health = SourceHealth.State.values();
        if (healthState == SourceHealth.State.DISABLED.ordinal()) {
            return "disabled by its health tests (restart to re-enable)";
        }
        if (!up) {
            return streamState >= 0 && streamState < states.length
                    ? "not serving (" + states[streamState].name().toLowerCase(java.util.Locale.ROOT) + ")"
                    : "not serving";
        }
        if (healthState >= 0 && healthState < health.length && health[healthState] == SourceHealth.State.QUARANTINED) {
            return "quarantined by its health tests (bytes withheld until blocks pass again)";
        }
        return "serving, healthy";
    }
}
