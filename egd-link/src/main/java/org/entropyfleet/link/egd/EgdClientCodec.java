package org.entropyfleet.link.egd;

import io.netty.channel.CombinedChannelDuplexHandler;

/**
 * Client side of EGD in one handler: encodes {@link EgdRequest}s, decodes {@link EgdResponse}s,
 * the two halves sharing the FIFO of outstanding requests that reply framing needs. Replies are
 * delivered in request order; 0x03 writes get none. One instance per connection.
 */
public final class EgdClientCodec extends CombinedChannelDuplexHandler<EgdClientDecoder, EgdClientEncoder> {

    /** A codec allowing {@link EgdLimits#MAX_OUTSTANDING_REQUESTS} unanswered requests. */
    public EgdClientCodec() {
        this(EgdLimits.MAX_OUTSTANDING_REQUESTS);
    }

    /** A codec allowing {@code maxOutstanding} unanswered requests; more fail the write. */
    public EgdClientCodec(int maxOutstanding) {
        OutstandingRequests fifo = new OutstandingRequests(maxOutstanding);
        init(new EgdClientDecoder(fifo), new EgdClientEncoder(fifo));
    }
}
