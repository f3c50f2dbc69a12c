package org.entropyfleet.link.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations operators write in config: "500ms", "30s", "10m", "1h", "2d", compounds
 * such as "1m30s", and "0". A bare number other than 0 is refused: "30" could mean seconds or
 * milliseconds, and a wrong guess would be a silent misconfiguration.
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d{1,9})(us|ms|s|m|h|d)");

    private Durations() {
    }

    /** @throws IllegalArgumentException naming the accepted forms */
    public static Duration parse(String text) {
        String s = text == null ? "" : text.trim();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(s);
        Duration total = Duration.ZERO;
        int pos = 0;
        while (pos < s.length() && m.find(pos) && m.start() == pos) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "us" -> Duration.ofNanos(n * 1000);
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            pos = m.end();
        }
        if (pos == 0 || pos != s.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (use e.g. 500ms, 30s, 10m, 1h, 1m30s or 0; 50us for busy-poll)");
        }
        return total;
    }

    /** The shortest of the forms {@link #parse} accepts that equals {@code d}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0";
        }
        if (d.toNanos() % 1_000_000 != 0) {
            return d.toNanos() / 1000 + "us";
        }
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
