package org.entropyfleet.link.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Who owns the client end of a loopback TCP connection: the uid column of the kernel's socket table
 * ({@code /proc/net/tcp}, {@code /proc/net/tcp6}). TCP carries no credentials, but on loopback both
 * ends are in the same table, and the client's own socket (local address = our peer, remote address =
 * our listener) records the uid that created it.
 *
 * <p>The tables list every socket of the network namespace, so one read resolves a whole batch.
 */
public final class TcpSocketOwners {
    /** One connection, seen from the server: the client's address and the listener's address. */
    public record Connection(InetSocketAddress client, InetSocketAddress server) {
        public Connection {
            client = normalize(client);
            server = normalize(server);
        }
    }

    /** TIME_WAIT entries are kernel mini-sockets whose uid column is always 0. */
    private static final String STATE_TIME_WAIT = "06";
    private static final int UID_FIELD = 7;

    private final Path procNet;

    /** @param procNet normally {@code /proc/net} (the namespace of this process) */
    public TcpSocketOwners(Path procNet) {
        this.procNet = procNet;
    }

    public static TcpSocketOwners system() {
        return new TcpSocketOwners(Path.of("/proc/net"));
    }

    /**
     * The owning uid of each connection found; connections whose client end is gone (or was never in
     * this namespace) are missing from the result.
     */
    public Map<Connection, Integer> owners(Collection<Connection> wanted) throws IOException {
        Set<Connection> open = new HashSet<>(wanted);
        Map<Connection, Integer> found = new HashMap<>();
        for (String table : new String[] {"tcp", "tcp6"}) {
            if (open.isEmpty()) {
                break;
            }
            scan(procNet.resolve(table), open, found);
        }
        return found;
    }

    private static void scan(Path table, Set<Connection> open, Map<Connection, Integer> found) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(table, StandardCharsets.US_ASCII)) {
            r.readLine(); // header
            for (String line = r.readLine(); line != null && !open.isEmpty(); line = r.readLine()) {
                String[] f = line.trim().split("\\s+");
                if (f.length <= UID_FIELD || STATE_TIME_WAIT.equals(f[3])) {
                    continue;
                }
                // The client's socket: its local end is our peer, its remote end our listener.
                Connection c = new Connection(endpoint(f[1]), endpoint(f[2]));
                if (open.remove(c)) {
                    found.put(c, Integer.parseInt(f[UID_FIELD]));
                }
            }
        } catch (NoSuchFileException e) {
            // no IPv6 in this kernel: nothing to find there
        }
    }

    /**
     * Decodes {@code 0100007F:1E61}: the address is printed as 32-bit words in the kernel's (host)
     * byte order, the port as a plain number.
     */
    static InetSocketAddress endpoint(String hex) {
        int colon = hex.indexOf(':');
        String addr = hex.substring(0, colon);
        if (addr.length() != 8 && addr.length() != 32) {
            throw new IllegalArgumentException("not a socket table address: " + hex);
        }
        ByteBuffer bytes = ByteBuffer.allocate(addr.length() / 2).order(ByteOrder.nativeOrder());
        for (int i = 0; i < addr.length(); i += 8) {
            bytes.putInt((int) Long.parseLong(addr.substring(i, i + 8), 16));
        }
        try {
            // A v4-mapped IPv6 address comes back as Inet4Address, matching what Java reports for the peer.
            return new InetSocketAddress(InetAddress.getByAddress(bytes.array()),
                    Integer.parseInt(hex.substring(colon + 1), 16));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(hex, e);
        }
    }

    static InetSocketAddress normalize(InetSocketAddress a) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(a.getAddress().getAddress()), a.getPort());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(a.toString(), e);
        }
    }
}
