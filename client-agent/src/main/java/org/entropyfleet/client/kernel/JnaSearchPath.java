package org.entropyfleet.client.kernel;

import java.util.Locale;

/**
 * Gives JNA its library search path before it first loads, because without one JNA's NativeLibrary
 * runs {@code /sbin/ldconfig -p} in a child process to find it: a fork and exec in every
 * {@code client-agent seed}, on the path to the first RNDADDENTROPY (client-agent/README.md "seed").
 * The agent only binds libc, which the dynamic loader finds anyway; these are Debian's multiarch
 * directories. A {@code -Djna.platform.library.path} given by the operator wins.
 */
public final class JnaSearchPath {
    private static final String KEY = "jna.platform.library.path";

    private JnaSearchPath() {
    }

    public static void set() {
        if (System.getProperty(KEY) != null) {
            return;
        }
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String triplet = switch (arch) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64", "arm64" -> "aarch64-linux-gnu";
            default -> null;
        };
        String standard = "/usr/lib:/lib";
        System.setProperty(KEY, triplet == null ? standard
                : "/usr/lib/" + triplet + ":/lib/" + triplet + ":" + standard);
    }
}
