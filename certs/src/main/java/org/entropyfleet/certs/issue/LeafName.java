package org.entropyfleet.certs.issue;

import org.entropyfleet.certs.cli.CertsException;

import java.util.regex.Pattern;

/**
 * NAME as given to {@code issue}, {@code revoke}, {@code import-puppet}: it becomes file names under
 * {@code issued/} and the subject CN, so anything that could escape that directory or confuse a shell
 * is refused up front.
 */
public final class LeafName {
    public static final int MAX_LENGTH = 128;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private LeafName() {
    }

    public static String validate(String name) {
        if (name == null || name.isEmpty()) {
            throw CertsException.config("NAME must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw CertsException.config("invalid NAME '" + name + "': longer than " + MAX_LENGTH + " characters");
        }
        if (!VALID.matcher(name).matches() || name.contains("..")) {
            throw CertsException.config("invalid NAME '" + name
                    + "': use letters, digits, '.', '-', '_' (no '/', '..', spaces or leading punctuation)");
        }
        return name;
    }
}
