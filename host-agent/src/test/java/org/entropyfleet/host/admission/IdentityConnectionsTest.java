package org.entropyfleet.host.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdentityConnectionsTest {
    @Test
    void perIdentityCapRefusesNewConnectionsOfThatIdentityOnly() {
        IdentityConnections c = new IdentityConnections(10, 2);
        assertNull(c.admit("vm-1"));
        assertNull(c.admit("vm-1"));
        assertEquals(Refusal.PER_IDENTITY, c.admit("vm-1"));
        assertNull(c.admit("vm-2"));
        assertEquals(3, c.open());
        c.release("vm-1");
        assertNull(c.admit("vm-1"));
    }

    @Test
    void totalCapIsCheckedBeforeAnyTlsWorkAndAfterAuthentication() {
        IdentityConnections c = new IdentityConnections(2, 64);
        assertFalse(c.full());
        assertNull(c.admit("a"));
        assertNull(c.admit("b"));
        assertTrue(c.full());
        assertEquals(Refusal.MAX_CONNECTIONS, c.admit("c"));
        assertEquals(2, c.open());
        c.release("a");
        assertFalse(c.full());
        assertEquals(1, c.identities());
    }
}
