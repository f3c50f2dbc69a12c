package org.entropyfleet.link.config;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code check-config} found in one file beyond its syntax: errors (the agent would fail at run
 * time) and warnings (it would run, but an operator should know). Each is located at its key's line,
 * "FILE:LINE:COL: key 'tls.cert': ..." for errors and "FILE:LINE:COL: warning: key 'tls.allow': ..."
 * for warnings.
 */
public final class ConfigFindings {
    private final Path file;
    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    public ConfigFindings(Path file) {
        this.file = file;
    }

    public void error(String key, String message) {
        errors.add(ConfigLoader.problemAt(file, key, message).getMessage());
    }

    public void warning(String key, String message) {
        ConfigException located = ConfigLoader.problemAt(file, key, message);
        String where = located.line() > 0 ? file + ":" + located.line() + ":" + located.column() : file.toString();
        warnings.add(where + ": warning: key '" + key + "': " + message);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public List<String> errors() {
        return List.copyOf(errors);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Prints warnings, then errors, one a line. */
    public void print(PrintWriter err) {
        warnings.forEach(err::println);
        errors.forEach(err::println);
        err.flush();
    }
}
