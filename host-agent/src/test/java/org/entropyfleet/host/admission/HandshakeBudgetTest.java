package org.entropyfleet.host.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HandshakeBudgetTest {
    private final AtomicLong now = new AtomicLong();
    private final HandshakeBudget budget = new HandshakeBudget(4, 2, Duration.ofSeconds(2).toNanos(), now::get);

    /** An in-memory channel that reports a real source address. */
    private static Channel from(String ip) {
        InetSocketAddress remote = new InetSocketAddress(ip, 40000);
        return new EmbeddedChannel() {
            @Override
            public SocketAddress remoteAddress() {
                return remote;
            }
        };
    }

    @Test
    void perAddressCapRefusesTheNewcomerAndFreesOnDone() {
        Channel a1 = from("127.0.0.2");
        Channel a2 = from("127.0.0.2");
        assertNull(budget.admit(a1));
        assertNull(budget.admit(a2));
        Channel a3 = from("127.0.0.2");
        HandshakeBudget.Victim v = budget.admit(a3);
        assertSame(a3, v.channel());
        assertEquals(Refusal.PER_ADDRESS, v.reason());
        assertNull(budget.admit(from("127.0.0.3")), "another address is not affected");
        budget.done(a1);
        assertNull(budget.admit(from("127.0.0.2")), "a slot of that address came free");
    }

    @Test
    void fullBudgetShedsTheOldestAndSweepAppliesTheShortDeadline() {
        Channel[] c = new Channel[4];
        for (int i = 0; i < 4; i++) {
            c[i] = from("127.0.1." + i);
            assertNull(budget.admit(c[i]));
            now.addAndGet(Duration.ofSeconds(1).toNanos());
        }
        assertFalse(budget.underPressure());
        HandshakeBudget.Victim shed = budget.admit(from("127.0.2.1"));
        assertSame(c[0], shed.channel(), "the oldest handshake goes first");
        assertEquals(Refusal.HANDSHAKE_SHED, shed.reason());
        assertEquals(4, budget.pending());
        assertTrue(budget.underPressure());

        // c[1] started 3 s ago, c[2] 2 s ago: both past the shortened 2 s deadline; c[3] (1 s) and the newcomer stay.
        List<HandshakeBudget.Victim> late = budget.sweep();
        assertEquals(List.of(c[1], c[2]), late.stream().map(HandshakeBudget.Victim::channel).toList());
        assertEquals(Refusal.HANDSHAKE_DEADLINE, late.get(0).reason());
        assertEquals(2, budget.pending());

        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertEquals(List.of(), budget.sweep(), "not full any more: the normal deadline applies (the TLS handler's)");
        assertFalse(budget.underPressure());
    }

    @Test
    void unansweredHandshakesAreShedBeforeAnsweredOnes() {
        Channel realClient = from("127.0.0.1");
        assertNull(budget.admit(realClient));
        budget.answered(realClient);   // it sent a whole ClientHello and we answered
        for (int i = 0; i < 3; i++) {
            assertNull(budget.admit(from("127.0.3." + i)));
        }
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        for (int i = 0; i < 50; i++) {   // a peer reconnecting as fast as it is shed
            HandshakeBudget.Victim v = budget.admit(from("127.0.4." + i));
            assertTrue(v.channel() != realClient, "the answered handshake is never the one shed");
        }
        assertEquals(4, budget.pending());
        budget.done(realClient);
        assertEquals(3, budget.pending());
    }

    @Test
    void aFullBudgetOfYoungHandshakesRefusesTheNewcomerInsteadOfSheddingOne() {
        Channel[] young = new Channel[4];
        for (int i = 0; i < 4; i++) {
            young[i] = from("127.0.5." + i);
            assertNull(budget.admit(young[i]));
        }
        now.addAndGet(HandshakeBudget.MIN_AGE_TO_SHED_NANOS / 2);
        Channel newcomer = from("127.0.6.1");
        HandshakeBudget.Victim v = budget.admit(newcomer);
        assertSame(newcomer, v.channel(), "nobody is old enough to be shed");
        assertEquals(Refusal.HANDSHAKE_BUDGET_FULL, v.reason());
        assertEquals(4, budget.pending());
        now.addAndGet(HandshakeBudget.MIN_AGE_TO_SHED_NANOS);
        assertSame(young[0], budget.admit(from("127.0.6.2")).channel(), "once old enough, the oldest is shed");
    }

    @Test
    void doneIsIdempotentAndKeepsCountsRight() {
        Channel a = from("127.0.0.9");
        budget.admit(a);
        budget.done(a);
        budget.done(a);
        assertEquals(0, budget.pending());
        assertNull(budget.admit(from("127.0.0.9")));
        assertNull(budget.admit(from("127.0.0.9")));
    }
}
