package org.entropyfleet.link.metrics;

/** Why the metrics server closed a connection itself; {@link #metricName()} ends the counter's name. */
enum CloseReason {
    /** The budget was full and this connection's exchange was the oldest. */
    SHED("shed"),
    /** No complete request within the request deadline (idle, or a header dribbled byte by byte). */
    REQUEST_DEADLINE("request-deadline"),
    /** The response was not taken within the request deadline (the peer does not read). */
    RESPONSE_DEADLINE("response-deadline"),
    /** A second request answered while the first answer was still unsent: a peer pipelining without reading. */
    PIPELINED("pipelined");

    private final String metricName;

    CloseReason(String metricName) {
        this.metricName = metricName;
    }

    String metricName() {
        return metricName;
    }
}
