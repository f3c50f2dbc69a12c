package org.entropyfleet.link.config;

/**
 * A configuration file that cannot be used. The message is meant for an operator, already in the
 * form "FILE:LINE:COL: key 'a.b': what is wrong", so callers print it as is and exit with 2.
 */
public class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String key;

    public ConfigException(String source, int line, int column, String key, String message) {
        super(format(source, line, column, message));
        this.source = source;
        this.line = line;
        this.column = column;
        this.key = key;
    }

    /** For errors about the whole file (unreadable, empty). */
    public ConfigException(String source, String message, Throwable cause) {
        super(source + ": " + message, cause);
        this.source = source;
        this.line = 0;
        this.column = 0;
        this.key = null;
    }

    private static String format(String source, int line, int column, String message) {
        return line > 0 ? source + ":" + line + ":" + column + ": " + message : source + ": " + message;
    }

    /** The file (or source name) the error is in. */
    public String source() {
        return source;
    }

    /** 1-based line, or 0 if the error concerns the whole file. */
    public int line() {
        return line;
    }

    /** 1-based column, or 0 if unknown. */
    public int column() {
        return column;
    }

    /** Dotted path of the offending key ({@code sources[0].min-entropy}), or null. */
    public String key() {
        return key;
    }
}
