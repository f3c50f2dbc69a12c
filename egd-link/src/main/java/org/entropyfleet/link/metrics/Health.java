package org.entropyfleet.link.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@code /healthz} answers: a level and, unless all is well, the reasons in words.
 *
 * <ul>
 *   <li>{@link Level#OK}: HTTP 200, body {@code ok};</li>
 *   <li>{@link Level#DEGRADED}: HTTP 200, body {@code degraded: <reason>; <reason>} — the agent does
 *       its job, but something needs an operator (a source quarantined while another serves);</li>
 *   <li>{@link Level#DOWN}: HTTP 503, body {@code down: <reason>; …} — the agent cannot do its job.</li>
 * </ul>
 * Degraded answers 200 so that a load balancer or systemd-style liveness check keeps using the
 * agent; monitoring that wants to know reads the body (or {@code status}'s exit code).
 *
 * <p>Several components contribute with {@link #and}, see {@link HealthChecks}.
 *
 * @param level   the worst level any contributor reported
 * @param reasons one line each, empty exactly when the level is OK
 */
public record Health(Level level, List<String> reasons) {
    /** Severity, mildest first. */
    public enum Level { OK, DEGRADED, DOWN }

    public static final Health OK = new Health(Level.OK, List.of());

    public Health {
        Objects.requireNonNull(level, "level");
        reasons = reasons.stream().map(Health::oneLine).toList();
        if ((level == Level.OK) != reasons.isEmpty()) {
            throw new IllegalArgumentException(level == Level.OK ? "OK has no reasons"
                    : level + " needs at least one reason");
        }
    }

    public static Health degraded(String... reasons) {
        return new Health(Level.DEGRADED, List.of(reasons));
    }

    public static Health down(String... reasons) {
        return new Health(Level.DOWN, List.of(reasons));
    }

    /** The worse level of the two, with the reasons of both (this one's first). */
    public Health and(Health other) {
        if (other.level == Level.OK) {
            return this;
        }
        if (level == Level.OK) {
            return other;
        }
        List<String> all = new ArrayList<>(reasons);
        all.addAll(other.reasons);
        return new Health(level.compareTo(other.level) >= 0 ? level : other.level, all);
    }

    /** 200, or 503 when down. */
    public int httpStatus() {
        return level == Level.DOWN ? 503 : 200;
    }

    /** {@code ok}, {@code degraded: a; b} or {@code down: a; b} (no trailing newline). */
    public String body() {
        return level == Level.OK ? "ok" : level.name().toLowerCase(Locale.ROOT) + ": " + String.join("; ", reasons);
    }

    /** Reads a {@link #body()} back (for {@code status}); anything unrecognised is DOWN. */
    public static Level parseLevel(String body) {
        String b = body == null ? "" : body.strip();
        if (b.equals("ok")) {
            return Level.OK;
        }
        return b.startsWith("degraded:") ? Level.DEGRADED : Level.DOWN;
    }

    /** The body is one line per answer: reasons may carry a peer's or a file's text. */
    private static String oneLine(String reason) {
        String r = Objects.requireNonNull(reason, "reason").strip();
        if (r.isEmpty()) {
            throw new IllegalArgumentException("empty reason");
        }
        StringBuilder sb = new StringBuilder(r.length());
        r.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) || c == ';' ? ' ' : c));
        return sb.toString();
    }
}
