package org.entropyfleet.link.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.entropyfleet.link.config.Endpoint;
import org.junit.jupiter.api.Test;

class LocalAccessTest {
    private static final Endpoint TCP = Endpoint.parse("127.0.0.1:7777");
    private static final Endpoint UNIX = Endpoint.unix(Path.of("/run/entropy-fleet/egd.sock"));

    private static String error(Endpoint listen, Integer max, Integer perUser, String group, String mode) {
        return assertThrows(IllegalArgumentException.class, () -> LocalAccess.of(listen, max, perUser, group, mode))
                .getMessage();
    }

    @Test
    void defaultsLetNoSingleUserFillTheEndpoint() {
        LocalAccess a = LocalAccess.of(TCP, null, null, null, null);
        assertEquals(64, a.maxClients());
        assertEquals(16, a.maxClientsPerUser());
        assertEquals(0660, a.socketMode());
        assertNull(a.socketGroup());
        assertEquals(2, LocalAccess.of(TCP, 8, null, null, null).maxClientsPerUser());
        assertEquals(1, LocalAccess.of(TCP, 1, null, null, null).maxClientsPerUser());
    }

    @Test
    void socketKeysAreReadAndCheckedAgainstThisMachine() {
        LocalAccess a = LocalAccess.of(UNIX, null, null, "root", "0640");
        assertEquals(0640, a.socketMode());
        assertEquals("0640", a.socketModeText());
        assertEquals(0660, LocalAccess.of(UNIX, null, null, null, "660").socketMode());
        assertTrue(error(UNIX, null, null, "no-such-group-here", null)
                .startsWith("key 'socket-group': no group 'no-such-group-here'"));
        assertTrue(error(UNIX, null, null, null, "0668").startsWith("key 'socket-mode': '0668' is not an octal mode"));
        assertTrue(error(UNIX, null, null, null, "4755").startsWith("key 'socket-mode'"));
        assertTrue(error(TCP, null, null, null, "0660").startsWith("key 'socket-mode': only for a unix:/path"));
        assertTrue(error(TCP, null, null, "root", null).startsWith("key 'socket-group': only for a unix:/path"));
    }

    @Test
    void perUserCapStaysWithinTheTotal() {
        assertTrue(error(TCP, 8, 9, null, null).startsWith("key 'max-clients-per-user': must be 1..max-clients (8)"));
        assertTrue(error(TCP, 8, 0, null, null).startsWith("key 'max-clients-per-user'"));
        assertTrue(error(TCP, 0, null, null, null).startsWith("key 'max-clients': must be 1..4096"));
        assertEquals(8, LocalAccess.of(TCP, 8, 8, null, null).maxClientsPerUser());
    }
}
