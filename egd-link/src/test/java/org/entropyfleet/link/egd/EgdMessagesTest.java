package org.entropyfleet.link.egd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EgdMessagesTest {

    @Test
    void commandBytesMatchTheProtocol() {
        for (EgdCommand c : EgdCommand.values()) {
            assertEquals(c, EgdCommand.valueOf(c.byteValue()));
            assertEquals(c.ordinal(), c.byteValue());
        }
        assertFalse(EgdCommand.WRITE_ENTROPY.hasReply());
        assertThrows(EgdProtocolException.class, () -> EgdCommand.valueOf((byte) 5));
        assertThrows(EgdProtocolException.class, () -> EgdCommand.valueOf((byte) -1));
    }

    @Test
    void toStringNeverShowsEntropyBytes() {
        byte[] secret = new byte[] {0x5a, 0x5a, 0x5a, 0x5a};
        String hex = "5a";
        for (Object m : new Object[] {new WriteEntropyRequest(32, secret), new ReadNonBlockingResponse(secret),
            new ReadBlockingResponse(secret)}) {
            String s = m.toString();
            assertTrue(s.contains("length=4"), s);
            assertFalse(s.contains(hex) || s.contains("[B@"), s);
        }
    }

    @Test
    void countsOutsideOneByteAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ReadBlockingRequest(256));
        assertThrows(IllegalArgumentException.class, () -> new ReadNonBlockingRequest(-1));
        assertThrows(IllegalArgumentException.class, () -> new ReadBlockingResponse(new byte[256]));
        assertThrows(IllegalArgumentException.class, () -> new ReadNonBlockingResponse(null));
        assertThrows(IllegalArgumentException.class, () -> new WriteEntropyRequest(0, new byte[256]));
        assertThrows(IllegalArgumentException.class, () -> new WriteEntropyRequest(17, new byte[2]));
        assertThrows(IllegalArgumentException.class, () -> new PidResponse("x".repeat(256)));
        assertThrows(IllegalArgumentException.class, () -> new PidResponse("1\n"));
    }

    @Test
    void bitsAvailableIsClampedToU32() {
        assertEquals(EgdLimits.MAX_BITS_AVAILABLE, new BitsAvailableResponse(Long.MAX_VALUE).bits());
        assertEquals(0, new BitsAvailableResponse(-5).bits());
        assertEquals(77, new BitsAvailableResponse(77).bits());
    }

    @Test
    void byteArrayRecordsCompareByContent() {
        assertEquals(new ReadBlockingResponse(new byte[] {1, 2}), new ReadBlockingResponse(new byte[] {1, 2}));
        assertEquals(new WriteEntropyRequest(8, new byte[] {1}).hashCode(),
                new WriteEntropyRequest(8, new byte[] {1}).hashCode());
        assertFalse(new ReadNonBlockingResponse(new byte[] {1}).equals(new ReadNonBlockingResponse(new byte[] {2})));
        assertTrue(Arrays.equals(new byte[] {3}, new ReadNonBlockingResponse(new byte[] {3}).data()));
    }
}
