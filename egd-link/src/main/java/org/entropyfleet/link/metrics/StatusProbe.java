package org.entropyfleet.link.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.entropyfleet.link.config.Endpoint;

/**
 * What the agents' {@code status} commands read: {@code /metrics.json} flattened to name → value
 * (numbers as Double, anything else as its text) and the {@code /healthz} answer. When the endpoint
 * cannot be read, {@link Unreachable} says where and why in words an operator can act on — a
 * {@code ConnectException} has no message of its own.
 */
public final class StatusProbe {
    /** Per request: an agent answers from memory within milliseconds. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One reading of a running agent. */
    public record Reading(String baseUrl, Map<String, Object> values, Health.Level level, String healthBody) {
        public double num(String name, double absent) {
            return values.get(name) instanceof Double d ? d : absent;
        }

        public long num(String name) {
            return Math.round(num(name, 0));
        }

        public boolean has(String name) {
            return values.containsKey(name);
        }

        public String text(String name) {
            Object v = values.get(name);
            return v == null ? null : v.toString();
        }
    }

    /** The endpoint could not be read: {@link #getMessage()} names the URL and the reason. */
    public static final class Unreachable extends Exception {
        private final String url;
        private final String reason;

        Unreachable(String url, String reason, Throwable cause) {
            super("cannot reach " + url + ": " + reason, cause);
            this.url = url;
            this.reason = reason;
        }

        public String url() {
            return url;
        }

        public String reason() {
            return reason;
        }
    }

    private StatusProbe() {
    }

    /** {@code http://host:port} for a TCP metrics endpoint; a wildcard address is asked on loopback. */
    public static String baseUrl(Endpoint e) {
        if (e.isUnix()) {
            throw new IllegalArgumentException("metrics listen on a unix socket (" + e.unixPath() + "); pass --metrics URL");
        }
        String host = e.host();
        if (host.equals("0.0.0.0") || host.isEmpty()) {
            host = "127.0.0.1";
        } else if (host.equals("::")) {
            host = "::1";
        }
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + e.port();
    }

    /** Reads {@code base}/metrics.json and {@code base}/healthz. */
    public static Reading read(String base) throws Unreachable, InterruptedException {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        String metricsUrl = b + "/metrics.json";
        HttpResponse<String> metrics = get(http, metricsUrl);
        if (metrics.statusCode() != 200) {
            throw new Unreachable(metricsUrl, "answered HTTP " + metrics.statusCode()
                    + " (is this an entropy-fleet agent's metrics address?)", null);
        }
        Map<String, Object> values;
        try {
            values = flatten(JSON.readTree(metrics.body()));
        } catch (JsonProcessingException e) {
            throw new Unreachable(metricsUrl, "answered something that is not JSON"
                    + " (is this an entropy-fleet agent's metrics address?)", e);
        }
        String healthUrl = b + "/healthz";
        HttpResponse<String> health = get(http, healthUrl);
        String body = health.body().strip();
        if (health.statusCode() != 200 && health.statusCode() != 503) {
            throw new Unreachable(healthUrl, "answered HTTP " + health.statusCode(), null);
        }
        return new Reading(b, values, Health.parseLevel(body), body);
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Unreachable, InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IllegalArgumentException e) {
            throw new Unreachable(url, "not a usable URL (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new Unreachable(url, reason(e), e);
        }
    }

    /** The cause in words: the JDK's HTTP client often throws with a null message. */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return "no connection within " + TIMEOUT.toSeconds() + " s (firewall, or wrong address?)";
            }
            if (t instanceof HttpTimeoutException) {
                return "connected, but no answer within " + TIMEOUT.toSeconds() + " s (agent overloaded or stuck?)";
            }
            if (t instanceof ConnectException) {
                return "connection refused (is the agent running, and is this its metrics.listen address?)";
            }
            if (t instanceof UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
                return "unknown host name";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    /**
     * Flattens Dropwizard's JSON layout ({"gauges": {name: {"value": v}}, "counters": {name: {"count": c}}})
     * into name → Double (numbers) or String (text gauges such as the active host).
     */
    static Map<String, Object> flatten(JsonNode root) {
        Map<String, Object> out = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isObject() && (v.has("value") || v.has("count"))) {
                JsonNode n = v.has("value") ? v.get("value") : v.get("count");
                if (n.isNumber()) {
                    out.put(e.getKey(), n.asDouble());
                } else if (n.isTextual()) {
                    out.put(e.getKey(), n.asText());
                } else if (n.isBoolean()) {
                    out.put(e.getKey(), n.asBoolean() ? 1.0 : 0.0);
                }
            } else if (v.isObject()) {
                out.putAll(flatten(v));
            }
        }
        return out;
    }
}
