package org.entropyfleet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.entropyfleet.it.support.AgentProcess;
import org.entropyfleet.it.support.Cli;
import org.entropyfleet.it.support.EgdSocket;
import org.entropyfleet.it.support.Fleet;
import org.entropyfleet.it.support.Metrics;
import org.entropyfleet.it.support.Poll;
import org.entropyfleet.it.support.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile local user against the local EGD endpoints (issue 12, defect 5): on the client-agent's TCP
 * endpoint it may hold only its share of the connections; on the host-agent's Unix socket only the
 * socket's group gets in. The other users are real ones ({@code setpriv} to nobody and daemon); the
 * tests run as root.
 */
class LocalAccessIT {
    /** Opens N connections, reports how many are served, then re-checks the served ones every 0.5 s. */
    private static final String HOLDER = """
            import socket, sys, time
            host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
            conns = [socket.create_connection((host, port)) for _ in range(n)]
            def served(s):
                try:
                    s.settimeout(5)
                    s.sendall(b'\\x00')
                    got = b''
                    while len(got) < 4:
                        c = s.recv(4 - len(got))
                        if not c:
                            return False
                        got += c
                    return True
                except OSError:
                    return False
            ok = [s for s in conns if served(s)]
            print(f"served={len(ok)} closed={n - len(ok)}", flush=True)
            r = 0
            while True:
                time.sleep(0.5)
                r += 1
                print(f"round={r} alive={sum(served(s) for s in ok)}", flush=True)
            """;
    private static final String UNIX_READER = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX)
            try:
                s.connect(sys.argv[1])
                s.settimeout(20)
                s.sendall(b'\\x02\\x10')
                got = b''
                while len(got) < 16:
                    c = s.recv(16 - len(got))
                    if not c:
                        break
                    got += c
                print(f"read={len(got)}")
            except OSError as e:
                print(f"error={type(e).__name__}")
            """;
    private static final Pattern ROUND = Pattern.compile("round=(\\d+) alive=(\\d+)");

    @TempDir
    static Path dir;
    static Fleet fleet;
    static Path socketDir;
    static Path socket;
    static int localTcp;
    static int tcpClientMetrics;

    @BeforeAll
    static void start() throws IOException {
        fleet = Fleet.create(dir);
        fleet.issueHost("host-l").issueClient("client-tcp");
        // other users must be able to reach the socket's directory, as /run/entropy-fleet (0755) allows
        socketDir = Files.createTempDirectory(Path.of("/tmp"), "ef-local-");
        Files.setPosixFilePermissions(socketDir, PosixFilePermissions.fromString("rwx--x--x"));
        socket = socketDir.resolve("egd.sock");
        int hostPort = Ports.free();
        int hostMetrics = Ports.free();
        fleet.startHost("host-l", fleet.writeHostConfig("host-l", hostPort, hostMetrics, Fleet.urandomSource(8),
                "local-egd:\n  listen: unix:" + socket + "\n  socket-group: nogroup\n  socket-mode: \"0660\"\n"),
                hostPort, hostMetrics);
        // the client-agent's TCP endpoint with the default limits: max-clients 64, max-clients-per-user 16
        localTcp = Ports.free();
        tcpClientMetrics = Ports.free();
        fleet.startClient("client-tcp", fleet.writeClientConfig("client-tcp", List.of(hostPort), tcpClientMetrics,
                localTcp, "off", null), tcpClientMetrics);
        Poll.until(Fleet.START_TIMEOUT, "local EGD endpoints", () -> Ports.accepting("127.0.0.1", localTcp)
                && Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
    }

    @AfterAll
    static void stop() throws IOException {
        if (fleet != null) {
            fleet.close();
        }
        if (socketDir != null) {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(socketDir);
        }
    }

    private static List<String> as(String user, String group, String script, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("setpriv", "--reuid=" + user, "--regid=" + group,
                "--clear-groups", "/usr/bin/python3", "-I", "-c", script));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static int lastRound(AgentProcess p, int[] alive) {
        Matcher m = ROUND.matcher(p.output());
        int round = 0;
        while (m.find()) {
            round = Integer.parseInt(m.group(1));
            alive[0] = Integer.parseInt(m.group(2));
        }
        return round;
    }

    @Test
    void anUnprivilegedUserHoldingConnectionsCannotStarveRootsReader() throws Exception {
        AgentProcess holder = fleet.own(AgentProcess.start("holder-nobody", dir,
                as("nobody", "nogroup", HOLDER, "127.0.0.1", Integer.toString(localTcp), "64")));
        holder.awaitLog(Duration.ofSeconds(30), "served=16 closed=48");
        for (int i = 0; i < 5; i++) {
            try (EgdSocket root = new EgdSocket("127.0.0.1", localTcp, 20_000)) {
                assertEquals(64, root.readBlocking(64).length, "root's reader served while nobody holds its share");
            }
        }
        // nobody's 16 idle connections were kept all along, and still are
        int[] alive = {0};
        int after = lastRound(holder, alive);
        Poll.until(Duration.ofSeconds(10), "a holder round after root's reads", () -> lastRound(holder, alive) > after);
        assertEquals(16, alive[0], holder.output());
        Metrics m = Metrics.scrape(tcpClientMetrics);
        assertEquals(48, m.sum("local_refused_connections_per_user") + m.sum("local_refused_connections_per_user_total"),
                m.toString());
        holder.close();
    }

    @Test
    void theUnixSocketLetsOnlyItsGroupIn() throws Exception {
        assertEquals(0660, (Integer) Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
        assertEquals("nogroup", Files.getAttribute(socket, "posix:group", LinkOption.NOFOLLOW_LINKS).toString());
        String member = Cli.run(dir, as("nobody", "nogroup", UNIX_READER, socket.toString())).output();
        assertTrue(member.contains("read=16"), member);
        String stranger = Cli.run(dir, as("daemon", "daemon", UNIX_READER, socket.toString())).output();
        assertTrue(stranger.contains("error=PermissionError"), stranger);
    }
}
