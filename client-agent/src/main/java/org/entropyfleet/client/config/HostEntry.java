package org.entropyfleet.client.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.entropyfleet.client.upstream.UpstreamHost;

/**
 * One entry of {@code hosts}: either the plain text {@code "rng1.example.net:7776"} (connect there, and
 * the certificate must name {@code rng1.example.net}) or the mapping
 * {@code {address: "192.0.2.10:7776", name: rng1.example.net}} (connect to the address, verify the
 * certificate against the name), for addresses that are not what the host's certificate carries.
 *
 * @param address "name:port", "1.2.3.4:port" or "[v6]:port": what to connect to
 * @param name    the DNS name or IP address the host certificate must carry; null: the address's host part
 */
public record HostEntry(String address, String name) {

    @JsonCreator
    public HostEntry {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("key 'address': required (\"host:port\" to connect to)");
        }
        try {
            UpstreamHost.parse(address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key 'address': " + e.getMessage());
        }
        if (name != null) {
            try {
                UpstreamHost.parse(address, name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key 'name': " + e.getMessage());
            }
        }
    }

    /** The plain "host:port" form. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static HostEntry of(String address) {
        return new HostEntry(address, null);
    }

    public UpstreamHost upstream() {
        return UpstreamHost.parse(address, name);
    }

    @Override
    public String toString() {
        return upstream().toString();
    }
}
