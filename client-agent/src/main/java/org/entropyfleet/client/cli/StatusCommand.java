package org.entropyfleet.client.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.entropyfleet.client.ClientAgent;
import org.entropyfleet.client.config.ClientAgentConfig;
import org.entropyfleet.link.config.ConfigException;
import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.link.metrics.HealthExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code client-agent status [--metrics URL]}: asks a running agent's metrics endpoint how it is;
 * prints the agent's own metrics and its /healthz answer; the exit code follows /healthz
 * ({@link HealthExitCode}: 0 ok, 3 degraded, 4 down, 1 unreachable).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a running agent's state from its metrics endpoint; exit 0 ok, 3 degraded, 4 down, "
                + "1 unreachable.")
public final class StatusCommand implements Callable<Integer> {
    static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    static final String DEFAULT_URL = "http://127.0.0.1:9777";

    @Option(names = "--metrics", paramLabel = "URL",
            description = "base URL of the agent's metrics endpoint (default: from --config, else " + DEFAULT_URL + ")")
    String metricsUrl;

    @Option(names = "--config", paramLabel = "FILE", description = "take the metrics address from this config")
    Path config;

    @Override
    public Integer call() throws ConfigException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (metricsUrl == null && config != null) {
            Endpoint e = ClientAgentConfig.load(config).metrics().listenOr(ClientAgent.DEFAULT_METRICS_PORT);
            if (e.isUnix()) {
                err.println("status: metrics listen on a unix socket (" + e.unixPath() + "); pass --metrics URL");
                return ExitCodes.CONFIG;
            }
            String host = e.host().contains(":") ? "[" + e.host() + "]" : e.host();
            metricsUrl = "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + e.port();
        }
        if (metricsUrl == null) {
            metricsUrl = DEFAULT_URL;
        }
        String base = metricsUrl.endsWith("/") ? metricsUrl.substring(0, metricsUrl.length() - 1) : metricsUrl;
        HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
        try {
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                    .timeout(HTTP_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/healthz"))
                    .timeout(HTTP_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            for (String line : metrics.body().split("\n")) {
                if (!line.startsWith("#") && (line.contains("upstream") || line.contains("kernel")
                        || line.contains("local"))) {
                    out.println(line);
                }
            }
            out.println("health: " + health.body().strip());
            return HealthExitCode.of(health.body());
        } catch (Exception e) {
            err.println("status: cannot reach " + base + ": " + ExitCodes.message(e));
            return HealthExitCode.UNREACHABLE;
        }
    }
}
