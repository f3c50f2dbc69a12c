package org.entropyfleet.it.support;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A test host of our own: a network namespace joined to the root namespace by a veth pair with
 * link-local addresses (169.254.0.0/16: never routed anywhere), so link faults are real.
 */
public final class Netns implements AutoCloseable {
    private final String name;
    private final String outside;
    private final String inside;
    private final String outsideAddress;
    private final String insideAddress;

    private Netns(String id, int subnet) {
        this.name = "efit" + id;
        this.outside = "efo" + id;
        this.inside = "efi" + id;
        this.outsideAddress = "169.254." + subnet + ".1";
        this.insideAddress = "169.254." + subnet + ".2";
    }

    public static Netns create() {
        String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF));
        Netns n = new Netns(id, ThreadLocalRandom.current().nextInt(100, 200));
        try {
            n.ip("netns", "add", n.name);
            n.ip("link", "add", n.outside, "type", "veth", "peer", "name", n.inside);
            n.ip("link", "set", n.inside, "netns", n.name);
            n.ip("addr", "add", n.outsideAddress + "/30", "dev", n.outside);
            n.ip("link", "set", n.outside, "up");
            n.inNs("ip", "addr", "add", n.insideAddress + "/30", "dev", n.inside);
            n.inNs("ip", "link", "set", n.inside, "up");
            n.inNs("ip", "link", "set", "lo", "up");
        } catch (RuntimeException | AssertionError e) {
            n.close();
            throw e;
        }
        return n;
    }

    public String name() {
        return name;
    }

    public String insideAddress() {
        return insideAddress;
    }

    /** Cuts the link from inside the namespace, as a pulled cable would. */
    public void linkDown() {
        inNs("ip", "link", "set", inside, "down");
    }

    public void linkUp() {
        inNs("ip", "link", "set", inside, "up");
    }

    private void ip(String... args) {
        run(concat(List.of("ip"), args));
    }

    private void inNs(String... args) {
        run(concat(List.of("ip", "netns", "exec", name), args));
    }

    private static List<String> concat(List<String> head, String... tail) {
        java.util.ArrayList<String> l = new java.util.ArrayList<>(head);
        l.addAll(List.of(tail));
        return l;
    }

    private static void run(List<String> cmd) {
        Cli c = Cli.run(java.nio.file.Path.of("/"), cmd);
        if (c.exitCode() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed: " + c.output());
        }
    }

    @Override
    public void close() {
        Cli.run(java.nio.file.Path.of("/"), List.of("ip", "link", "del", outside));
        Cli.run(java.nio.file.Path.of("/"), List.of("ip", "netns", "del", name));
    }
}
