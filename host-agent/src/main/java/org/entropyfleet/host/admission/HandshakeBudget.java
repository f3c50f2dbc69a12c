package org.entropyfleet.host.admission;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Connections that are still in their TLS handshake, kept apart from authenticated ones so that
 * peers who never finish a handshake cannot take the slots of peers who did.
 *
 * <p>Three rules, cheapest first: a source address may have at most {@code perAddress} handshakes
 * in progress (a new one over that is refused); when {@code budget} handshakes are in progress a new
 * one sheds the <em>oldest</em> (a stalled attacker's connection is old, a real client's handshake
 * takes milliseconds); and while the budget stays full, {@link #sweep} closes every handshake older
 * than the shortened deadline. Handshakes we have not answered yet (the peer never sent a whole
 * ClientHello, the cheapest way to hold a slot) are shed before those we have answered, so a
 * peer that reconnects as fast as it is shed cannot push a real client out in mid-handshake.
 * Arrival order is kept in insertion-ordered maps, so shedding and sweeping only ever look at the
 * oldest entries.
 *
 * <p>Thread-safe: accepts arrive on every event loop; one lock, held for O(1) work per call (the
 * sweep holds it for the entries it removes).
 */
final class HandshakeBudget {
    /** What the caller must close, and why, after the lock is released. */
    record Victim(Channel channel, Refusal reason) {
    }

    /**
     * A handshake younger than this is never shed: between accept and the first read of its ClientHello
     * a real client looks exactly like a stalled one, and on a busy host that gap can reach milliseconds.
     * While every handshake is younger, the newcomer is refused instead. Kept short: a peer that
     * reconnects as fast as it is shed keeps every handshake young (~90 ms at 5,600 sheds/s against a
     * budget of 512, measured), and a long minimum then refuses real newcomers too.
     */
    static final long MIN_AGE_TO_SHED_NANOS = 20_000_000L;

    private final int budget;
    private final int perAddress;
    private final long shortDeadlineNanos;
    private final LongSupplier nanoClock;
    /** Handshakes to which we have not answered yet (no complete ClientHello): shed these first. */
    private final LinkedHashMap<Channel, Long> pending = new LinkedHashMap<>();
    /** Handshakes we have answered (the peer sent a ClientHello and is mid-handshake). */
    private final LinkedHashMap<Channel, Long> answered = new LinkedHashMap<>();
    private final Map<InetAddress, Integer> perAddressCount = new HashMap<>();
    /** Set when a handshake was shed; the next sweep counts as "full" even if some finished meanwhile. */
    private boolean shedSinceSweep;
    private volatile boolean underPressure;

    HandshakeBudget(int budget, int perAddress, long shortDeadlineNanos, LongSupplier nanoClock) {
        this.budget = budget;
        this.perAddress = perAddress;
        this.shortDeadlineNanos = shortDeadlineNanos;
        this.nanoClock = nanoClock;
    }

    /**
     * Registers a new connection's handshake. Returns the connection to close instead, if any: the new
     * one itself (its address is over the cap), or the oldest handshake (shed to make room).
     */
    synchronized Victim admit(Channel ch) {
        InetAddress addr = address(ch);
        if (addr != null && perAddressCount.getOrDefault(addr, 0) >= perAddress) {
            return new Victim(ch, Refusal.PER_ADDRESS);
        }
        Victim shed = null;
        long now = nanoClock.getAsLong();
        if (pending.size() + answered.size() >= budget) {
            shedSinceSweep = true;
            underPressure = true;
            Iterator<Map.Entry<Channel, Long>> oldest = (pending.isEmpty() ? answered : pending).entrySet().iterator();
            Map.Entry<Channel, Long> old = oldest.next();
            if (now - old.getValue() < MIN_AGE_TO_SHED_NANOS) {
                return new Victim(ch, Refusal.HANDSHAKE_BUDGET_FULL);
            }
            oldest.remove();
            release(old.getKey());
            shed = new Victim(old.getKey(), Refusal.HANDSHAKE_SHED);
        }
        pending.put(ch, now);
        if (addr != null) {
            perAddressCount.merge(addr, 1, Integer::sum);
        }
        return shed;
    }

    /** We answered this handshake (sent our first flight): shed it only after every unanswered one. */
    synchronized void answered(Channel ch) {
        Long start = pending.remove(ch);
        if (start != null) {
            answered.put(ch, start);
        }
    }

    /** The handshake ended (completed, failed or closed): frees its slot. Idempotent. */
    synchronized void done(Channel ch) {
        if (pending.remove(ch) != null || answered.remove(ch) != null) {
            release(ch);
        }
    }

    /**
     * While the budget is full (now, or something was shed since the last sweep), removes and returns
     * the handshakes older than the shortened deadline. Call it a few times a second.
     */
    synchronized List<Victim> sweep() {
        boolean full = pending() >= budget || shedSinceSweep;
        shedSinceSweep = false;
        underPressure = full;
        if (!full) {
            return List.of();
        }
        List<Victim> out = new ArrayList<>();
        long now = nanoClock.getAsLong();
        expire(pending, now, out, true);
        expire(answered, now, out, false);
        return out;
    }

    /**
     * @param ordered entries are in start order (unanswered ones: by arrival), so the scan can stop at
     *                the first young one; answered ones are in answer order and are all looked at
     */
    private void expire(LinkedHashMap<Channel, Long> from, long now, List<Victim> out, boolean ordered) {
        Iterator<Map.Entry<Channel, Long>> it = from.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Channel, Long> e = it.next();
            if (now - e.getValue() < shortDeadlineNanos) {
                if (ordered) {
                    break;
                }
                continue;
            }
            it.remove();
            release(e.getKey());
            out.add(new Victim(e.getKey(), Refusal.HANDSHAKE_DEADLINE));
        }
    }

    synchronized int pending() {
        return pending.size() + answered.size();
    }

    /** True while the budget is full: the shortened handshake deadline applies. */
    boolean underPressure() {
        return underPressure;
    }

    private void release(Channel ch) {
        InetAddress addr = address(ch);
        if (addr != null) {
            perAddressCount.computeIfPresent(addr, (a, n) -> n <= 1 ? null : n - 1);
        }
    }

    private static InetAddress address(Channel ch) {
        return ch.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
    }
}
