package org.entropyfleet.client.testsupport;

import java.nio.file.Path;

/**
 * Starts the Python EGD client ({@code src/test/resources/egd_client.py}) as a real child process
 * against a local endpoint; it prints one "ok NAME" line per protocol check that passed.
 */
public final class EgdClientScript {
    private EgdClientScript() {
    }

    /** {@code target} is "unix:/path" or a host followed by a port argument. */
    public static Process start(String... target) throws Exception {
        Path script = Path.of(EgdClientScript.class.getResource("/egd_client.py").toURI());
        String[] command = new String[target.length + 2];
        command[0] = "python3";
        command[1] = script.toString();
        System.arraycopy(target, 0, command, 2, target.length);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
