package org.entropyfleet.host.admission;

/**
 * Why the listener closed a connection on its own account (not the peer's certificate); each names
 * the counter {@code host.serve.connections-refused.<reason>}.
 */
public enum Refusal {
    /** {@code max-connections} authenticated connections are open. */
    MAX_CONNECTIONS("max-connections"),
    /** The peer's identity already holds {@code max-connections-per-identity}. */
    PER_IDENTITY("per-identity"),
    /** The source address already has {@code max-handshakes-per-address} handshakes in progress. */
    PER_ADDRESS("per-address"),
    /** The handshake budget was full and this was the oldest handshake. */
    HANDSHAKE_SHED("handshake-shed"),
    /** The handshake budget was full of handshakes too young to shed: the newcomer was refused. */
    HANDSHAKE_BUDGET_FULL("handshake-budget-full"),
    /** Still in its handshake after the shortened deadline while the budget stayed full. */
    HANDSHAKE_DEADLINE("handshake-deadline");

    private final String metricName;

    Refusal(String metricName) {
        this.metricName = metricName;
    }

    public String metricName() {
        return metricName;
    }
}
