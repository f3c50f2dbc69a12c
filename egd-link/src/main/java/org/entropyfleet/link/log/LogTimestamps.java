package org.entropyfleet.link.log;

import java.util.Map;

/**
 * Puts a timestamp on every log line unless journald records the output: systemd sets
 * {@code JOURNAL_STREAM} when a service's stderr is connected to the journal, which stamps each
 * line itself. {@code INVOCATION_ID} alone is not enough: a unit logging to a file has it too.
 * An explicit {@code -Dorg.slf4j.simpleLogger.showDateTime} wins.
 *
 * <p>Must run before the first logger exists: slf4j-simple reads its settings once. Callers invoke
 * it from a static initialiser placed above their own {@code LOG} field.
 */
public final class LogTimestamps {
    static final String SHOW = "org.slf4j.simpleLogger.showDateTime";
    static final String FORMAT = "org.slf4j.simpleLogger.dateTimeFormat";
    /** ISO 8601 with milliseconds and offset, as journalctl -o short-iso-precise prints. */
    static final String ISO = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";

    private LogTimestamps() {
    }

    /** Decides from the process environment. */
    public static void configure() {
        configure(System.getenv());
    }

    static void configure(Map<String, String> env) {
        if (System.getProperty(SHOW) != null) {
            return;
        }
        boolean journald = env.get("JOURNAL_STREAM") != null;
        System.setProperty(SHOW, Boolean.toString(!journald));
        if (!journald && System.getProperty(FORMAT) == null) {
            System.setProperty(FORMAT, ISO);
        }
    }
}
