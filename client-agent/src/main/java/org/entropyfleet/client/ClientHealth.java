package org.entropyfleet.client;

import java.util.ArrayList;
import java.util.List;
import org.entropyfleet.client.upstream.UpstreamHost;
import org.entropyfleet.link.metrics.Health;

/**
 * The client-agent's {@code /healthz} from its upstream connection, what it has credited and its
 * local buffer.
 * <ul>
 *   <li>down: no host reachable, and nothing to show for it — nothing credited to the kernel since
 *       start and nothing left in the local buffer;</li>
 *   <li>degraded: no host reachable but the kernel was credited earlier or the local buffer still
 *       holds bytes; or connected to a fallback host instead of the first one; or the local
 *       endpoint's buffer is empty (its readers are waiting on the network);</li>
 *   <li>ok otherwise.</li>
 * </ul>
 */
final class ClientHealth {
    private ClientHealth() {
    }

    /**
     * @param active       the host serving now, or null
     * @param preferred    the first configured host
     * @param bitsCredited bits credited to the kernel since start (0 when kernel mode is off)
     * @param buffered     bytes in the local endpoint's buffer, or -1 when there is no local endpoint
     */
    static Health evaluate(UpstreamHost active, UpstreamHost preferred, long bitsCredited, int buffered) {
        if (active == null) {
            if (bitsCredited <= 0 && buffered <= 0) {
                return Health.down("no host reachable");
            }
            return Health.degraded("no host reachable (" + bitsCredited + " bits credited to the kernel since start"
                    + (buffered < 0 ? "" : ", " + buffered + " bytes left in the local buffer") + ")");
        }
        List<String> reasons = new ArrayList<>();
        if (!active.equals(preferred)) {
            reasons.add("on fallback host " + active + ", preferred host " + preferred + " unreachable");
        }
        if (buffered == 0) {
            reasons.add("local buffer empty");
        }
        return reasons.isEmpty() ? Health.OK : new Health(Health.Level.DEGRADED, reasons);
    }
}
