package org.entropyfleet.client;

import java.nio.file.Path;

/**
 * The jar's Main-Class: the daemon's own command line ({@link DaemonArgs}) runs without picocli, everything
 * else goes through {@link ClientAgentCommand#commandLine()}. A class of its own because the launcher looks
 * up {@code main} by reflection, which resolves the types in every method signature of the main class:
 * in ClientAgentCommand that would load picocli's 72 KB CommandLine class into the daemon.
 */
public final class ClientAgentMain {
    private ClientAgentMain() {
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String[] args) {
        Path daemonConfig = DaemonArgs.config(args);
        return daemonConfig == null ? ClientAgentCommand.commandLine().execute(args)
                : ClientAgentCommand.runDaemon(daemonConfig, System.err);
    }
}
