package org.entropyfleet.link.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.entropyfleet.link.tls.TlsGauges;

/**
 * A {@code status} answer, built once and printed either as a few lines for people or as one JSON
 * object for scripts ({@code --json}). Both carry the same facts; times are absolute in JSON (ISO-8601,
 * plus seconds from now) and relative in words for people. The last human line is {@code health: <the
 * /healthz body>}; the exit code is {@link HealthExitCode}'s.
 */
public final class StatusReport {
    private static final String CERT_NOT_AFTER = TlsGauges.CERT_NOT_AFTER;
    private static final String CRL_THIS_UPDATE = TlsGauges.CRL_THIS_UPDATE;
    private static final String CRL_NEXT_UPDATE = TlsGauges.CRL_NEXT_UPDATE;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Instant now;
    private final StatusProbe.Reading reading;
    private final List<String> lines = new ArrayList<>();
    private final Map<String, Object> json = new LinkedHashMap<>();

    public StatusReport(String agent, StatusProbe.Reading reading, Instant now) {
        this.now = now;
        this.reading = reading;
        json.put("agent", agent);
        json.put("url", reading.baseUrl());
        json.put("state", reading.level().name().toLowerCase(java.util.Locale.ROOT));
        json.put("health", reading.healthBody());
        json.put("exit-code", exitCode());
    }

    public Instant now() {
        return now;
    }

    public int exitCode() {
        return HealthExitCode.of(reading.level());
    }

    /** Adds a line for people. */
    public StatusReport line(String format, Object... args) {
        lines.add(String.format(java.util.Locale.ROOT, format, args));
        return this;
    }

    /** Adds a field for scripts. */
    public StatusReport put(String key, Object value) {
        json.put(key, value);
        return this;
    }

    /** The agent's own certificate expiry and the CRL's age, from the TLS gauges. */
    public StatusReport tls() {
        Map<String, Object> t = new LinkedHashMap<>();
        long notAfter = reading.num(CERT_NOT_AFTER);
        if (notAfter > 0) {
            Instant na = Instant.ofEpochSecond(notAfter);
            t.put("cert-not-after", na.toString());
            t.put("cert-expires-in-seconds", Duration.between(now, na).toSeconds());
            line("certificate: %s %s (%s)", na.isBefore(now) ? "expired" : "expires", DAY.format(na), relative(na));
        }
        long thisUpdate = reading.num(CRL_THIS_UPDATE);
        long nextUpdate = reading.num(CRL_NEXT_UPDATE);
        if (thisUpdate > 0) {
            Instant tu = Instant.ofEpochSecond(thisUpdate);
            t.put("crl-this-update", tu.toString());
            t.put("crl-age-seconds", Duration.between(tu, now).toSeconds());
            String next = "";
            if (nextUpdate > 0) {
                Instant nu = Instant.ofEpochSecond(nextUpdate);
                t.put("crl-next-update", nu.toString());
                next = nu.isBefore(now) ? ", OUT OF DATE since " + relative(nu) : ", next update " + relative(nu);
            }
            line("CRL: issued %s%s", relative(tu), next);
        } else if (reading.has(CRL_THIS_UPDATE)) {
            line("CRL: none configured");
        }
        json.put("tls", t);
        return this;
    }

    /** "in 3 days", "5 min ago", "now". */
    public String relative(Instant t) {
        Duration d = Duration.between(now, t);
        if (d.abs().toSeconds() < 1) {
            return "now";
        }
        return d.isNegative() ? span(d.negated()) + " ago" : "in " + span(d);
    }

    /** An epoch-seconds gauge as "5 min ago"/"in 3 s", or null when the gauge is absent or 0. */
    public String relativeEpoch(String gauge) {
        long s = reading.num(gauge);
        return s > 0 ? relative(Instant.ofEpochSecond(s)) : null;
    }

    /** An epoch-seconds gauge as ISO-8601, or null when absent or 0 (for JSON). */
    public String isoEpoch(String gauge) {
        long s = reading.num(gauge);
        return s > 0 ? Instant.ofEpochSecond(s).toString() : null;
    }

    static String span(Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return s + " s";
        }
        if (s < 120 * 60) {
            return s / 60 + " min";
        }
        if (s < 48 * 3600) {
            return s / 3600 + " h";
        }
        return s / 86400 + " days";
    }

    public void print(PrintWriter out, boolean asJson) {
        if (asJson) {
            out.println(toJson(json));
        } else {
            lines.forEach(out::println);
            out.println("health: " + reading.healthBody());
        }
        out.flush();
    }

    /** For an agent that could not be read: the reason on stderr, and with --json a document on stdout. */
    public static int unreachable(String agent, StatusProbe.Unreachable u, PrintWriter out, PrintWriter err,
                                  boolean asJson) {
        err.println("status: " + u.getMessage());
        err.flush();
        if (asJson) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("agent", agent);
            j.put("url", u.url());
            j.put("state", "unreachable");
            j.put("reason", u.reason());
            j.put("exit-code", HealthExitCode.UNREACHABLE);
            out.println(toJson(j));
            out.flush();
        }
        return HealthExitCode.UNREACHABLE;
    }

    private static String toJson(Map<String, Object> m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
