package org.entropyfleet.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.entropyfleet.link.metrics.HealthExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code host-agent status [--metrics URL]}: a human summary of a running agent from its /metrics.json,
 * then its /healthz answer; the exit code follows /healthz ({@link HealthExitCode}).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Summarise a running host-agent from its metrics endpoint; exit 0 ok, 3 degraded, 4 down, "
                + "1 unreachable.")
public final class StatusCommand implements Callable<Integer> {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String[] HEALTH = {"HEALTHY", "QUARANTINED", "DISABLED"};

    @Spec
    CommandSpec spec;

    @Option(names = "--metrics", paramLabel = "URL", defaultValue = "http://127.0.0.1:9776",
            description = "base URL of the agent's metrics listener (default: ${DEFAULT-VALUE})")
    String metricsUrl;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String base = metricsUrl.endsWith("/") ? metricsUrl.substring(0, metricsUrl.length() - 1) : metricsUrl;
        Map<String, Double> m;
        HttpResponse<String> health;
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics.json"))
                    .timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                spec.commandLine().getErr().println("status: " + base + "/metrics.json answered HTTP " + r.statusCode());
                return HealthExitCode.UNREACHABLE;
            }
            m = flatten(new ObjectMapper().readTree(r.body()));
            health = http.send(HttpRequest.newBuilder(URI.create(base + "/healthz"))
                    .timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("status: cannot read " + base + ": " + e.getMessage());
            return HealthExitCode.UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthExitCode.UNREACHABLE;
        }
        out.print(render(m));
        out.println("health: " + health.body().strip());
        out.flush();
        return HealthExitCode.of(health.body());
    }

    static String render(Map<String, Double> m) {
        StringBuilder s = new StringBuilder();
        long level = num(m, "host.pool.level-bytes");
        s.append(String.format("pool: %d bytes (%d bits) available, %d reads waiting%n", level, level * 8,
                num(m, "host.pool.waiters")));
        s.append(String.format("connections: %d open, %d rejected at the limit%n", num(m, "host.serve.connections"),
                num(m, "host.serve.connections-rejected")));
        s.append(String.format("served: %d bytes in, %d bytes out of the pool%n", num(m, "host.pool.bytes-in"),
                num(m, "host.serve.bytes-served")));
        TreeSet<String> sources = new TreeSet<>();
        TreeSet<String> clients = new TreeSet<>();
        for (String k : m.keySet()) {
            if (k.startsWith("host.source.") && k.endsWith(".raw-bytes")) {
                sources.add(k.substring("host.source.".length(), k.length() - ".raw-bytes".length()));
            }
            if (k.startsWith("host.serve.client.") && k.endsWith(".bytes-served")) {
                clients.add(k.substring("host.serve.client.".length(), k.length() - ".bytes-served".length()));
            }
        }
        for (String src : sources) {
            String p = "host.source." + src + ".";
            int health = (int) num(m, p + "health.state");
            s.append(String.format("source %s: %s, health %s, raw %d B, conditioned %d B, stalls %d, reopens %d, "
                            + "failed blocks %d%n", src, num(m, p + "up") == 1 ? "up" : "down",
                    health >= 0 && health < HEALTH.length ? HEALTH[health] : "?", num(m, p + "raw-bytes"),
                    num(m, p + "conditioned-bytes"), num(m, p + "stalls"), num(m, p + "reopens"),
                    num(m, p + "health.blocks-failed")));
        }
        for (String c : clients) {
            s.append(String.format("client %s: %d bytes served%n", c, num(m, "host.serve.client." + c + ".bytes-served")));
        }
        return s.toString();
    }

    private static long num(Map<String, Double> m, String key) {
        Double v = m.get(key);
        return v == null ? 0 : Math.round(v);
    }

    /**
     * Flattens either Dropwizard's JSON layout ({"gauges": {name: {"value": v}}, "counters": {name: {"count": c}}})
     * or a flat {name: number} map into name → number.
     */
    static Map<String, Double> flatten(JsonNode root) {
        Map<String, Double> out = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isNumber()) {
                out.put(e.getKey(), v.asDouble());
            } else if (v.isObject() && (v.has("value") || v.has("count"))) {
                JsonNode n = v.has("value") ? v.get("value") : v.get("count");
                if (n.isNumber()) {
                    out.put(e.getKey(), n.asDouble());
                }
            } else if (v.isObject()) {
                out.putAll(flatten(v));
            }
        }
        return out;
    }
}
