package org.entropyfleet.link.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of bytes as written in config: "4096", "64KiB", "1MiB", "1GiB" (binary) or "10kB",
 * "1MB" (decimal). Binary units are what buffer sizes usually mean; the decimal ones are accepted
 * because people write them, and mean exactly what they say.
 *
 * @param bytes the size in bytes, never negative
 */
public record DataSize(long bytes) {
    private static final Pattern FORM = Pattern.compile("(\\d{1,15})\\s*(B|KiB|MiB|GiB|kB|KB|MB|GB)?");

    public DataSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("size must not be negative, was " + bytes);
        }
    }

    public static DataSize ofBytes(long bytes) {
        return new DataSize(bytes);
    }

    public static DataSize ofKibibytes(long n) {
        return new DataSize(Math.multiplyExact(n, 1024L));
    }

    public static DataSize ofMebibytes(long n) {
        return new DataSize(Math.multiplyExact(n, 1024L * 1024));
    }

    /** @throws IllegalArgumentException naming the accepted forms */
    public static DataSize parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (use e.g. 4096, 64KiB, 1MiB)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        long factor = switch (unit) {
            case "KiB" -> 1024L;
            case "MiB" -> 1024L * 1024;
            case "GiB" -> 1024L * 1024 * 1024;
            case "kB", "KB" -> 1000L;
            case "MB" -> 1000L * 1000;
            case "GB" -> 1000L * 1000 * 1000;
            default -> 1L;
        };
        try {
            return new DataSize(Math.multiplyExact(n, factor));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
    }

    /** Bytes as an int, for buffer sizes. @throws IllegalArgumentException above 2 GiB */
    public int toIntBytes() {
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(bytes + " bytes does not fit a buffer");
        }
        return (int) bytes;
    }

    @Override
    public String toString() {
        if (bytes != 0 && bytes % (1024L * 1024) == 0) {
            return bytes / (1024L * 1024) + "MiB";
        }
        if (bytes != 0 && bytes % 1024 == 0) {
            return bytes / 1024 + "KiB";
        }
        return Long.toString(bytes);
    }
}
