package org.entropyfleet.client.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The keys a SIGHUP cannot apply to a running client-agent, because they are bound at start (listening
 * sockets, the TLS engine, the resolved kernel mode). A reload names the ones that changed, so the
 * operator knows a restart is still due; everything else in the file is applied.
 */
public final class RestartKeys {
    private RestartKeys() {
    }

    /** Keys whose value in {@code fresh} differs from the one the agent started with, in file order. */
    public static List<String> changed(ClientAgentConfig running, ClientAgentConfig fresh) {
        List<String> keys = new ArrayList<>();
        if (!running.tls().equals(fresh.tls())) {
            // the files behind tls.cert/key/ca/crl are re-read on every reload; their paths and options are not
            keys.add("tls");
        }
        if (running.kernel().mode() != fresh.kernel().mode()) {
            keys.add("kernel.mode");
        }
        if (!running.kernel().procRoot().equals(fresh.kernel().procRoot())) {
            keys.add("kernel.proc-root");
        }
        LocalEgdConfig a = running.localEgd();
        LocalEgdConfig b = fresh.localEgd();
        if ((a == null) != (b == null)) {
            keys.add("local-egd");
        } else if (a != null) {
            if (!a.listen().equals(b.listen())) {
                keys.add("local-egd.listen");
            }
            if (!Objects.equals(a.bufferBytes(), b.bufferBytes())) {
                keys.add("local-egd.buffer-bytes");
            }
            // set on the socket file at bind
            if (!Objects.equals(a.access().socketGroup(), b.access().socketGroup())) {
                keys.add("local-egd.socket-group");
            }
            if (a.access().socketMode() != b.access().socketMode()) {
                keys.add("local-egd.socket-mode");
            }
        }
        if (!running.metrics().equals(fresh.metrics())) {
            keys.add("metrics");
        }
        if (running.tlsProvider() != fresh.tlsProvider()) {
            keys.add("tls-provider");
        }
        return keys;
    }
}
