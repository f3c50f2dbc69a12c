package org.entropyfleet.link.local;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import org.entropyfleet.link.config.Endpoint;

/**
 * Who may use a plaintext local EGD endpoint, and how much of it: both agents' {@code local-egd:} keys
 * {@code max-clients}, {@code max-clients-per-user}, {@code socket-group} and {@code socket-mode}.
 * Built inside the agents' config records, so its {@code key '...'} messages name the key in the file.
 *
 * <p>A Unix socket is guarded by its file mode and group: only members reach it. TCP on loopback has
 * no such guard (any local user can connect), so there each user (uid of the client socket) may hold
 * at most {@code maxClientsPerUser} of the {@code maxClients} connections: one user cannot lock the
 * others out. On a Unix socket the per-user cap does not apply: every QEMU of a hypervisor runs as
 * the same user, and the group already says who may connect.
 *
 * @param maxClients        concurrent connections to the endpoint
 * @param maxClientsPerUser concurrent TCP connections per uid, 1..maxClients
 * @param socketGroup       group given to the Unix socket, or null to keep the agent's group
 * @param socketMode        permission bits of the Unix socket (connecting needs write permission)
 */
public record LocalAccess(int maxClients, int maxClientsPerUser, String socketGroup, int socketMode) {
    public static final int DEFAULT_MAX_CLIENTS = 64;
    public static final int MAX_MAX_CLIENTS = 4096;
    /** Default per-user share: a quarter of max-clients, so it takes four users to fill the endpoint. */
    public static final int DEFAULT_PER_USER_DIVISOR = 4;
    /** Owner and group may connect, nobody else. */
    public static final int DEFAULT_SOCKET_MODE = 0660;

    public LocalAccess {
        if (maxClients < 1 || maxClients > MAX_MAX_CLIENTS) {
            throw new IllegalArgumentException("key 'max-clients': must be 1.." + MAX_MAX_CLIENTS);
        }
        if (maxClientsPerUser < 1 || maxClientsPerUser > maxClients) {
            throw new IllegalArgumentException("key 'max-clients-per-user': must be 1..max-clients (" + maxClients + ")");
        }
        if (socketMode < 0 || socketMode > 0777) {
            throw new IllegalArgumentException("key 'socket-mode': must be an octal mode 0000..0777");
        }
    }

    /**
     * Validates the keys as written (null = left out) for an endpoint {@code listen}.
     *
     * @throws IllegalArgumentException {@code key 'x': ...}, e.g. for a group this machine does not have
     */
    public static LocalAccess of(Endpoint listen, Integer maxClients, Integer maxClientsPerUser, String socketGroup,
            String socketMode) {
        int max = maxClients == null ? DEFAULT_MAX_CLIENTS : maxClients;
        int perUser = maxClientsPerUser == null ? Math.max(1, max / DEFAULT_PER_USER_DIVISOR)
                : maxClientsPerUser;
        if (listen != null && !listen.isUnix() && (socketGroup != null || socketMode != null)) {
            throw new IllegalArgumentException("key '" + (socketGroup != null ? "socket-group" : "socket-mode")
                    + "': only for a unix:/path listen endpoint (" + listen + " is TCP)");
        }
        if (socketGroup != null) {
            requireGroup(socketGroup);
        }
        return new LocalAccess(max, perUser, socketGroup, socketMode == null ? DEFAULT_SOCKET_MODE : parseMode(socketMode));
    }

    /** The mode as config writes it, e.g. {@code 0660}. */
    public String socketModeText() {
        return String.format("%04o", socketMode);
    }

    public static int parseMode(String text) {
        String t = text.trim();
        if (!t.matches("0?[0-7]{3}")) {
            throw new IllegalArgumentException("key 'socket-mode': '" + text + "' is not an octal mode like 0660");
        }
        return Integer.parseInt(t, 8);
    }

    private static void requireGroup(String group) {
        if (group.isBlank()) {
            throw new IllegalArgumentException("key 'socket-group': must not be empty (leave it out for the agent's group)");
        }
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalArgumentException("key 'socket-group': no group '" + group + "' on this machine");
        } catch (IOException e) {
            throw new IllegalArgumentException("key 'socket-group': cannot look up group '" + group + "': " + e.getMessage());
        }
    }
}
