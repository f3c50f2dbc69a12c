package org.entropyfleet.certs;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "certs", mixinStandardHelpOptions = true, version = "certs 0.1.0",
        description = "entropy-fleet certs (skeleton).")
public final class CertsCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CertsCommand()).execute(args));
    }
}
