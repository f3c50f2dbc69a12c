package org.entropyfleet.link.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import org.entropyfleet.link.config.ConfigException;
import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.link.metrics.StatusProbe;
import org.entropyfleet.link.metrics.StatusReport;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code AGENT status [--metrics URL | --config FILE] [--json]} for both agents: finds the metrics
 * endpoint, reads it, prints the agent's summary and exits with {@link org.entropyfleet.link.metrics.HealthExitCode}'s
 * code (2 when the config points at a unix socket). Each agent says what goes into its summary.
 */
public abstract class AgentStatusCommand implements Callable<Integer> {
    private final String agent;
    private final String defaultUrl;
    private final BiFunction<StatusProbe.Reading, Instant, StatusReport> summary;

    /**
     * @param agent      "host-agent" or "client-agent", as the report names the agent
     * @param defaultUrl where to look without --metrics and --config
     * @param summary    the agent's summary of one reading
     */
    protected AgentStatusCommand(String agent, String defaultUrl, BiFunction<StatusProbe.Reading, Instant, StatusReport> summary) {
        this.agent = agent;
        this.defaultUrl = defaultUrl;
        this.summary = summary;
    }

    @Spec
    protected CommandSpec spec;

    @Option(names = "--metrics", paramLabel = "URL",
            description = "base URL of the agent's metrics endpoint (default: from --config, else http://127.0.0.1:PORT"
                    + " with the agent's default metrics port)")
    String metricsUrl;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "take the metrics address from this config")
    Path config;

    @Option(names = "--json", description = "print one JSON object (for scripts) instead of lines")
    boolean json;

    /** Whether --json was given. */
    protected boolean json() {
        return json;
    }

    /** The metrics endpoint the config at {@code file} sets, or the agent's default. */
    protected abstract Endpoint metricsEndpoint(Path file) throws ConfigException;

    @Override
    public Integer call() throws ConfigException, InterruptedException {
        String base = metricsUrl;
        if (base == null && config != null) {
            Endpoint e = metricsEndpoint(config);
            if (e.isUnix()) {
                spec.commandLine().getErr().println("status: " + config + ": metrics.listen is a unix socket ("
                        + e.unixPath() + "); pass --metrics URL");
                return ExitCodes.CONFIG;
            }
            base = StatusProbe.baseUrl(e);
        }
        try {
            StatusReport r = summary.apply(StatusProbe.read(base == null ? defaultUrl : base), Instant.now());
            r.print(spec.commandLine().getOut(), json);
            return r.exitCode();
        } catch (StatusProbe.Unreachable u) {
            return StatusReport.unreachable(agent, u, spec.commandLine().getOut(), spec.commandLine().getErr(), json);
        }
    }
}
