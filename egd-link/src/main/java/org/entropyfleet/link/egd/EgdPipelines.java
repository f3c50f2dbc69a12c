package org.entropyfleet.link.egd;

import io.netty.channel.ChannelPipeline;

/**
 * Assembles the EGD handlers in the one order that works, so the host agent, the client agent's
 * local endpoint and tests cannot get it subtly wrong. Call after any TLS handlers.
 */
public final class EgdPipelines {
    /** Handler names, for code that needs to find or replace one. */
    public static final String DECODER = "egd-decoder";
    public static final String ENCODER = "egd-encoder";
    public static final String TIMEOUTS = "egd-timeouts";
    public static final String SERVER = "egd-server";
    public static final String CLIENT = "egd-client";

    private EgdPipelines() {
    }

    /**
     * Adds decoder, encoder, timeouts and the request handler serving from {@code backend}.
     * Every handler added is per-connection and small except the shared encoder. The server handler
     * writes its replies in batches ({@link ReplyBatch}) and tells the timeouts handler how many went out.
     */
    public static void addServerCodec(ChannelPipeline pipeline, EgdBackend backend, EgdServerOptions options) {
        // the server handler below answers a ReadBlockingRun, so back-to-back 0x02s come as one
        EgdServerDecoder decoder = new EgdServerDecoder(true);
        pipeline.addLast(DECODER, decoder);
        pipeline.addLast(ENCODER, EgdServerEncoder.INSTANCE);
        EgdConnectionTimeouts timeouts = new EgdConnectionTimeouts(decoder, options.partialFrameTimeout(), options.idleTimeout());
        pipeline.addLast(TIMEOUTS, timeouts);
        pipeline.addLast(SERVER, new EgdServerHandler(backend, options.blockingReadTimeout(), timeouts::repliesWritten));
    }

    /** Adds the client codec; the application's handler goes after it. */
    public static void addClientCodec(ChannelPipeline pipeline) {
        pipeline.addLast(CLIENT, new EgdClientCodec());
    }
}
