package org.entropyfleet.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A throwaway fleet on loopback: a PKI made by the certs tool, YAML configs written the way an
 * operator (or the Puppet module) writes them, and agents started as separate JVMs from their jars.
 */
public final class Fleet implements AutoCloseable {
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final Path pki;
    private final List<AutoCloseable> owned = new ArrayList<>();

    private Fleet(Path dir) {
        this.dir = dir;
        this.pki = dir.resolve("pki");
    }

    public static Fleet create(Path dir) {
        Fleet f = new Fleet(dir);
        Cli.jar(dir, "certs", "init-ca", "--dir", f.pki.toString()).ok();
        return f;
    }

    public Path dir() {
        return dir;
    }

    public Path pki() {
        return pki;
    }

    public Path cert(String name) {
        return pki.resolve("issued").resolve(name + ".crt");
    }

    public Path key(String name) {
        return pki.resolve("issued").resolve(name + ".key");
    }

    public Path caBundle() {
        return pki.resolve("ca-bundle.pem");
    }

    public Path crl() {
        return pki.resolve("ca.crl");
    }

    public Fleet issueHost(String name, String... extraSans) {
        List<String> args = new ArrayList<>(List.of("issue", "host", name, "--san", "localhost", "--san", "127.0.0.1"));
        for (String san : extraSans) {
            args.add("--san");
            args.add(san);
        }
        args.add("--dir");
        args.add(pki.toString());
        Cli.jar(dir, "certs", args.toArray(String[]::new)).ok();
        return this;
    }

    public Fleet issueClient(String name) {
        Cli.jar(dir, "certs", "issue", "client", name, "--dir", pki.toString()).ok();
        return this;
    }

    public Cli certs(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.add("--dir");
        a.add(pki.toString());
        return Cli.jar(dir, "certs", a.toArray(String[]::new));
    }

    /** A fast non-hardware source for throughput tests: the kernel CSPRNG through a command source. */
    public static String urandomSource(int minEntropy) {
        return "  - type: command\n"
                + "    command: [\"/bin/sh\", \"-c\", \"exec cat /dev/urandom\"]\n"
                + "    min-entropy: " + minEntropy + "\n";
    }

    public Path writeHostConfig(String name, int port, int metricsPort, String sourcesYaml, String extraYaml) {
        return writeHostConfig(name, "127.0.0.1", port, metricsPort, sourcesYaml, extraYaml);
    }

    public Path writeHostConfig(String name, String address, int port, int metricsPort, String sourcesYaml,
            String extraYaml) {
        String yaml = "listen: " + address + ":" + port + "\n"
                + "tls:\n"
                + "  cert: " + cert(name) + "\n"
                + "  key: " + key(name) + "\n"
                + "  ca: " + caBundle() + "\n"
                + (Files.exists(crl()) ? "  crl: " + crl() + "\n" : "")
                + "  allow: [\"client-*\"]\n"
                + "  reload-interval: 1s\n"
                + "sources:\n" + sourcesYaml
                + "metrics:\n"
                + "  listen: " + address + ":" + metricsPort + "\n"
                + (extraYaml != null && extraYaml.contains("state-dir:") ? "" : "state-dir: " + dir.resolve("state-" + name) + "\n")
                + (extraYaml == null ? "" : extraYaml);
        return write(name + ".yaml", yaml);
    }

    public Path writeClientConfig(String name, List<Integer> hostPorts, int metricsPort, int localEgdPort,
            String kernelMode, String extraYaml) {
        return writeClientConfigFor(name, hostPorts.stream().map(p -> "localhost:" + p).toList(), metricsPort,
                localEgdPort, kernelMode, extraYaml);
    }

    public Path writeClientConfigFor(String name, List<String> hostEndpoints, int metricsPort, int localEgdPort,
            String kernelMode, String extraYaml) {
        String hosts = hostEndpoints.stream().map(h -> "\"" + h + "\"").collect(Collectors.joining(", "));
        String yaml = "hosts: [" + hosts + "]\n"
                + "tls:\n"
                + "  cert: " + cert(name) + "\n"
                + "  key: " + key(name) + "\n"
                + "  ca: " + caBundle() + "\n"
                + "kernel:\n"
                + "  mode: " + kernelMode + "\n"
                + (localEgdPort > 0 ? "local-egd:\n  listen: 127.0.0.1:" + localEgdPort + "\n" : "")
                + "metrics:\n"
                + "  listen: 127.0.0.1:" + metricsPort + "\n"
                + (extraYaml == null ? "" : extraYaml);
        return write(name + ".yaml", yaml);
    }

    /** Starts a host-agent and waits until it listens and reports a healthy source on /healthz. */
    public AgentProcess startHost(String name, Path config, int port, int metricsPort) {
        return startHost(name, config, port, metricsPort, true);
    }

    /**
     * Starts a host-agent and waits until it listens (and, if {@code awaitHealthy}, until /healthz reports a
     * healthy source). Tests of faulty sources pass false: a source that gets only a few blocks out before it
     * stalls may spend them in quarantine after a chance health-test alarm, and never be healthy on its own.
     */
    public AgentProcess startHost(String name, Path config, int port, int metricsPort, boolean awaitHealthy) {
        AgentProcess p = own(AgentProcess.startJar(name, "host-agent", dir, "--config", config.toString()));
        Poll.until(START_TIMEOUT, name + " to listen on " + port, () -> {
            if (!p.alive()) {
                throw new AssertionError(name + " exited:\n" + p.output());
            }
            return Ports.accepting("127.0.0.1", port)
                    && (awaitHealthy ? Metrics.healthy(metricsPort) : Ports.accepting("127.0.0.1", metricsPort));
        });
        return p;
    }

    /** Starts a host-agent inside a network namespace ({@code ip netns exec}), listening on {@code address}. */
    public AgentProcess startHostIn(String netns, String name, Path config, String address, int port, int metricsPort) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns, FleetPaths.launcher("host-agent").toString(),
                "--config", config.toString()));
        AgentProcess p = own(AgentProcess.start(name, dir, cmd));
        Poll.until(START_TIMEOUT, name + " to listen on " + address + ":" + port, () -> {
            if (!p.alive()) {
                throw new AssertionError(name + " exited:\n" + p.output());
            }
            return Ports.accepting(address, port);
        });
        return p;
    }

    public AgentProcess startClient(String name, Path config, int metricsPort) {
        AgentProcess p = own(AgentProcess.startJar(name, "client-agent", dir, "--config", config.toString()));
        Poll.until(START_TIMEOUT, name + " metrics endpoint", () -> {
            if (!p.alive()) {
                throw new AssertionError(name + " exited:\n" + p.output());
            }
            return Ports.accepting("127.0.0.1", metricsPort);
        });
        return p;
    }

    public <T extends AutoCloseable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    public Path write(String file, String content) {
        try {
            Path p = dir.resolve(file);
            Files.writeString(p, content);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }
}
