package org.entropyfleet.it.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's stunnel4 as the original deployment's client side: accepts plaintext EGD on a
 * loopback port and forwards it over TLS to a host-agent — but, unlike the original, with a
 * client certificate and full verification of the host.
 */
public final class Stunnel {
    private Stunnel() {
    }

    public static AgentProcess client(Fleet fleet, String name, String clientName, int acceptPort, int hostPort) {
        String conf = "foreground = yes\n"
                + "pid =\n"
                + "debug = 5\n"
                + "client = yes\n"
                + "socket = l:TCP_NODELAY=1\n"
                + "socket = r:TCP_NODELAY=1\n"
                + "[egd-client]\n"
                + "accept = 127.0.0.1:" + acceptPort + "\n"
                + "connect = 127.0.0.1:" + hostPort + "\n"
                + "cert = " + fleet.cert(clientName) + "\n"
                + "key = " + fleet.key(clientName) + "\n"
                + "CAfile = " + fleet.caBundle() + "\n"
                + "verifyChain = yes\n"
                + "checkHost = localhost\n";
        Path file = fleet.write(name + ".conf", conf);
        AgentProcess p = fleet.own(AgentProcess.start(name, fleet.dir(), List.of("stunnel4", file.toString())));
        Poll.until(Duration.ofSeconds(20), name + " to accept on " + acceptPort, () -> {
            if (!p.alive()) {
                throw new AssertionError(name + " exited:\n" + p.output());
            }
            return Ports.accepting("127.0.0.1", acceptPort);
        });
        return p;
    }
}
