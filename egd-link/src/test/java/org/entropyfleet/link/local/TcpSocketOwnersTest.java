package org.entropyfleet.link.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TcpSocketOwnersTest {
    private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
            + "   uid  timeout inode\n";

    @TempDir
    Path dir;

    private static InetSocketAddress at(String host, int port) {
        return new InetSocketAddress(host, port);
    }

    @Test
    void decodesAddressesInTheKernelsByteOrder() {
        // x86 (little-endian): 127.0.0.1 is printed 0100007F; ::1 as its last word 01000000
        assertEquals(at("127.0.0.1", 7777), TcpSocketOwners.endpoint("0100007F:1E61"));
        assertEquals(at("::1", 443), TcpSocketOwners.endpoint("00000000000000000000000001000000:01BB"));
        assertEquals(at("127.0.0.1", 80), TcpSocketOwners.endpoint("0000000000000000FFFF00000100007F:0050"),
                "a v4-mapped address matches the IPv4 peer Java reports");
    }

    @Test
    void findsTheClientEndOfAConnectionAndSkipsTimeWait() throws Exception {
        Files.writeString(dir.resolve("tcp"), HEADER
                // the listener's own end of the connection (owned by the agent, uid 107): not the client's
                + "   0: 0100007F:1E61 0100007F:D431 01 00000000:00000000 00:00000000 00000000   107        0 11 1\n"
                // an old connection on the same ports in TIME_WAIT: uid column is always 0
                + "   1: 0100007F:D431 0100007F:1E61 06 00000000:00000000 03:00000F9F 00000000     0        0 0 3\n"
                + "   2: 0100007F:D431 0100007F:1E61 01 00000000:00000000 00:00000000 00000000  1000        0 12 1\n");
        Files.writeString(dir.resolve("tcp6"), HEADER
                + "   0: 00000000000000000000000001000000:D432 00000000000000000000000001000000:1E61 01 "
                + "00000000:00000000 00:00000000 00000000 65534        0 13 1\n");
        TcpSocketOwners.Connection v4 = new TcpSocketOwners.Connection(at("127.0.0.1", 0xD431), at("127.0.0.1", 7777));
        TcpSocketOwners.Connection v6 = new TcpSocketOwners.Connection(at("::1", 0xD432), at("::1", 7777));
        TcpSocketOwners.Connection gone = new TcpSocketOwners.Connection(at("127.0.0.1", 0xD433), at("127.0.0.1", 7777));
        Map<TcpSocketOwners.Connection, Integer> owners = new TcpSocketOwners(dir).owners(List.of(v4, v6, gone));
        assertEquals(Map.of(v4, 1000, v6, 65534), owners);
    }

    @Test
    void readsTheRealTableOfThisMachine() throws Exception {
        int me = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            TcpSocketOwners.Connection c = new TcpSocketOwners.Connection(
                    (InetSocketAddress) accepted.getRemoteSocketAddress(), (InetSocketAddress) accepted.getLocalSocketAddress());
            Map<TcpSocketOwners.Connection, Integer> owners = TcpSocketOwners.system().owners(List.of(c));
            assertEquals(Map.of(c, me), owners);
            assertTrue(client.isConnected());
        }
    }
}
