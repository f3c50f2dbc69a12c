package org.entropyfleet.client;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "client-agent", mixinStandardHelpOptions = true, version = "client-agent 0.1.0",
        description = "entropy-fleet client-agent (skeleton).")
public final class ClientAgentCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ClientAgentCommand()).execute(args));
    }
}
