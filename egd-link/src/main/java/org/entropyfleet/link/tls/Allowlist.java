package org.entropyfleet.link.tls;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The compiled form of {@code tls.allow}, checked on every handshake: exact names in a hash set,
 * globs compiled once, so a fleet-sized allowlist costs nothing per connection. Same semantics as
 * {@link PeerIdentity#matches(String)}. An empty allowlist accepts every peer.
 */
final class Allowlist {

    private final List<String> entries;
    private final Set<String> exact = new HashSet<>();
    private final List<Pattern> globs = new ArrayList<>();

    Allowlist(List<String> entries) {
        this.entries = List.copyOf(entries);
        for (String e : this.entries) {
            if (e.indexOf('*') >= 0 || e.indexOf('?') >= 0) {
                globs.add(PeerIdentity.globToPattern(e));
            } else {
                exact.add(e.toLowerCase(Locale.ROOT));
            }
        }
    }

    List<String> entries() {
        return entries;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    boolean allows(PeerIdentity peer) {
        if (entries.isEmpty()) {
            return true;
        }
        List<String> names = new ArrayList<>(1 + peer.dnsNames().size() + peer.ipAddresses().size());
        if (!peer.commonName().isEmpty()) {
            names.add(peer.commonName());
        }
        names.addAll(peer.dnsNames());
        names.addAll(peer.ipAddresses());
        for (String n : names) {
            if (exact.contains(n.toLowerCase(Locale.ROOT))) {
                return true;
            }
            for (Pattern p : globs) {
                if (p.matcher(n).matches()) {
                    return true;
                }
            }
        }
        return false;
    }
}
