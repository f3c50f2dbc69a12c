package org.entropyfleet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.entropyfleet.it.support.AgentProcess;
import org.entropyfleet.it.support.Cli;
import org.entropyfleet.it.support.Fleet;
import org.entropyfleet.it.support.FleetPaths;
import org.entropyfleet.it.support.Metrics;
import org.entropyfleet.it.support.Poll;
import org.entropyfleet.it.support.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What monitoring sees of a running host and client: both agents' /metrics pass {@code promtool
 * check metrics}, the client's node_exporter textfile too; the shipped alert rules pass {@code
 * promtool check rules}; every metric the rules and the Grafana dashboard name exists in the agents'
 * real output; the Munin plugin, run by Debian's {@code munin-run}, prints a number for every field.
 */
class MonitoringIT {
    private static final Path MONITORING = FleetPaths.root().resolve("packaging/src/deb/monitoring");
    private static final Path PLUGIN = FleetPaths.root().resolve("packaging/src/deb/munin/entropy_fleet_");
    /** Our metric names in PromQL and prose: every family starts with one of these prefixes. */
    private static final Pattern METRIC_NAME =
            Pattern.compile("\\b((?:host|tls|upstream|kernel|local|log|metrics_server)_[a-z0-9_]+)\\b");

    @TempDir
    static Path dir;
    static Fleet fleet;
    static int hostMetrics;
    static int clientMetrics;
    static Path textfiles;
    static AgentProcess host;
    static AgentProcess client;

    @BeforeAll
    static void startFleet() throws IOException {
        fleet = Fleet.create(dir);
        fleet.issueHost("host-a");
        int hostPort = Ports.free();
        hostMetrics = Ports.free();
        String source = "  - type: command\n    name: urandom\n"
                + "    command: [\"/bin/sh\", \"-c\", \"exec cat /dev/urandom\"]\n    min-entropy: 8\n";
        host = fleet.startHost("host-a", fleet.writeHostConfig("host-a", hostPort, hostMetrics, source, null), hostPort,
                hostMetrics);
        fleet.issueClient("client-1");
        clientMetrics = Ports.free();
        textfiles = Files.createDirectories(dir.resolve("node-exporter"));
        client = fleet.startClient("client-1", fleet.writeClientConfig("client-1", List.of(hostPort), clientMetrics, 0,
                "auto\n  top-up-interval: 1s", "  textfile-dir: " + textfiles + "\n  textfile-interval: 1s\n"),
                clientMetrics);
        // every family present and non-zero: the client connected, fetched and credited
        Poll.until(Fleet.START_TIMEOUT, "client-1 credits the kernel", () ->
                Metrics.scrape(clientMetrics).sum("kernel_entropy_credited_bytes_total") > 0
                        && Metrics.scrape(hostMetrics).sum("host_serve_client_bytes_served_total",
                        "client=\"client-1\"") > 0);
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void bothAgentsOutputAndTheTextfilePassPromtool() throws Exception {
        for (int port : new int[] {hostMetrics, clientMetrics}) {
            Path file = dir.resolve("scrape-" + port + ".prom");
            Files.writeString(file, get(port, "/metrics"));
            promtoolCheckMetrics(file);
        }
        Path prom = textfiles.resolve("entropy-fleet-client-agent.prom");
        Poll.until(Fleet.START_TIMEOUT, "the textfile", () -> Files.exists(prom));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(prom)),
                "node_exporter, another user, reads it");
        promtoolCheckMetrics(prom);
        assertTrue(Files.readString(prom).contains("upstream_connected 1.0"), Files.readString(prom));
        try (var files = Files.list(textfiles)) {
            assertEquals(List.of(prom), files.toList(), "no temporary file left where the collector reads");
        }
    }

    @Test
    void shippedAlertRulesPassPromtool() {
        Cli r = Cli.run(dir, List.of("promtool", "check", "rules",
                MONITORING.resolve("entropy-fleet.rules.yml").toString()));
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("SUCCESS"), r.output());
    }

    @Test
    void everyMetricTheRulesAndTheDashboardNameExists() throws Exception {
        Set<String> families = new TreeSet<>();
        for (int port : new int[] {hostMetrics, clientMetrics}) {
            for (String line : get(port, "/metrics").split("\n")) {
                if (line.startsWith("# TYPE ")) {
                    String name = line.split(" ")[2];
                    families.add(name);
                    families.add(name.replaceAll("_total$", ""));
                }
            }
        }
        Set<String> named = new TreeSet<>();
        for (String file : new String[] {"entropy-fleet.rules.yml", "entropy-fleet-dashboard.json"}) {
            Matcher m = METRIC_NAME.matcher(Files.readString(MONITORING.resolve(file)));
            while (m.find()) {
                named.add(m.group(1));
            }
        }
        assertTrue(named.size() >= 15, "names found: " + named);
        Set<String> missing = new TreeSet<>(named);
        missing.removeAll(families);
        assertEquals(Set.of(), missing, "named in rules or dashboard but absent from the agents' output");
    }

    @Test
    void muninPluginPrintsAValueForEveryFieldOfBothAgents() throws Exception {
        // munin-run runs plugins as an unprivileged user by default; this private copy runs them as root
        Path services = Files.createDirectories(dir.resolve("munin/plugins"));
        Path conf = Files.createDirectories(dir.resolve("munin/plugin-conf.d"));
        Path plugin = Files.copy(PLUGIN, dir.resolve("munin/entropy_fleet_"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.COPY_ATTRIBUTES);
        for (String name : new String[] {"entropy_fleet_urandom", "entropy_fleet_client"}) {
            Files.deleteIfExists(services.resolve(name));
            Files.createSymbolicLink(services.resolve(name), plugin);   // a wildcard plugin is enabled by a link
        }
        Files.writeString(conf.resolve("entropy-fleet"), "[entropy_fleet_*]\nuser root\n"
                + "env.host_url http://127.0.0.1:" + hostMetrics + "\n"
                + "env.client_url http://127.0.0.1:" + clientMetrics + "\n");
        assertEquals("urandom\nclient\n", munin(services, conf, "entropy_fleet_client", "suggest"));
        assertEquals("yes\n", munin(services, conf, "entropy_fleet_client", "autoconf"));
        for (String name : new String[] {"entropy_fleet_urandom", "entropy_fleet_client"}) {
            String config = munin(services, conf, name, "config");
            assertTrue(config.contains("graph_title entropy-fleet"), config);
            String values = munin(services, conf, name, null);
            Set<String> fields = new TreeSet<>();
            for (String line : config.split("\n")) {
                if (line.matches("[a-z]+\\.label .*")) {
                    fields.add(line.substring(0, line.indexOf('.')));
                }
            }
            for (String field : fields) {
                assertTrue(Pattern.compile("(?m)^" + field + "\\.value [0-9.]+$").matcher(values).find(),
                        name + " field " + field + " has no number:\n" + values);
            }
            assertTrue(Pattern.compile("(?m)^(gathered|credited)\\.value [1-9][0-9.]*$").matcher(values).find(),
                    name + " saw entropy move:\n" + values);
        }
    }

    @Test
    void logLinesCarryATimestampUnlessJournaldRecordsThem() throws Exception {
        // the agents inherit this JVM's environment: under systemd's journal they leave the time to it
        boolean journald = System.getenv("JOURNAL_STREAM") != null;
        Pattern stamped = Pattern.compile("(?m)^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) .*event=");
        for (AgentProcess agent : new AgentProcess[] {host, client}) {
            String log = Files.readString(agent.log());
            assertTrue(log.contains("event="), log);
            assertEquals(!journald, stamped.matcher(log).find(), agent.log() + ":\n" + log);
        }
    }

    private static String munin(Path services, Path conf, String plugin, String arg) {
        List<String> cmd = new java.util.ArrayList<>(List.of("munin-run", "--servicedir", services.toString(),
                "--sconfdir", conf.toString(), plugin));
        if (arg != null) {
            cmd.add(arg);
        }
        Cli r = Cli.run(dir, cmd);
        assertEquals(0, r.exitCode(), String.join(" ", cmd) + ":\n" + r.output());
        return r.output();
    }

    private static void promtoolCheckMetrics(Path file) {
        Cli r = Cli.run(dir, List.of("sh", "-c", "promtool check metrics < \"$0\"", file.toString()));
        assertEquals(0, r.exitCode(), file + ": " + r.output());
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }
}
