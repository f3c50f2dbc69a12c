package org.entropyfleet.client.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code client-agent status [--metrics URL]}: asks a running agent's metrics endpoint how it is;
 * prints the agent's own metrics and exits 0 if healthy (connected to a host), 1 otherwise.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a running agent's state from its metrics endpoint; exit 0 if connected to a host.")
public final class StatusCommand implements Callable<Integer> {
    static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    @Option(names = "--metrics", defaultValue = "http://127.0.0.1:9777", paramLabel = "URL",
            description = "base URL of the agent's metrics endpoint (default ${DEFAULT-VALUE})")
    String metricsUrl;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
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
            boolean healthy = health.statusCode() == 200;
            out.println("health: " + (healthy ? "ok" : "unhealthy (" + health.statusCode() + ": " + health.body().trim() + ")"));
            return healthy ? ExitCodes.OK : ExitCodes.FAILURE;
        } catch (Exception e) {
            err.println("status: cannot reach " + base + ": " + ExitCodes.message(e));
            return ExitCodes.FAILURE;
        }
    }
}
