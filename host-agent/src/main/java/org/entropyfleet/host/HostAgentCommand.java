package org.entropyfleet.host;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "host-agent", mixinStandardHelpOptions = true, version = "host-agent 0.1.0",
        description = "entropy-fleet host-agent (skeleton).")
public final class HostAgentCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new HostAgentCommand()).execute(args));
    }
}
