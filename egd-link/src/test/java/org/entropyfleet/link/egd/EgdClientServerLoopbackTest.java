package org.entropyfleet.link.egd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Our client codec against our server pipeline over a real loopback socket. */
class EgdClientServerLoopbackTest {

    @Test
    void pipelinedClientRequestsGetTheirRepliesInOrder() throws Exception {
        PoolBackend backend = new PoolBackend();
        backend.feed(Frames.pattern(64, 5));
        try (EgdServer server = new EgdServer(backend, EgdServerOptions.DEFAULTS)) {
            EgdReplies replies = new EgdReplies();
            Channel ch = new Bootstrap().group(server.group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            replies.addTo(c.pipeline());
                        }
                    })
                    .connect("127.0.0.1", server.port()).sync().channel();
            ch.write(new ReadBlockingRequest(16));
            ch.write(new WriteEntropyRequest(8, new byte[] {1}));
            ch.write(BitsAvailableRequest.INSTANCE);
            ch.write(new ReadNonBlockingRequest(255));
            ch.writeAndFlush(GetPidRequest.INSTANCE).sync();

            byte[] all = Frames.pattern(64, 5);
            assertEquals(new ReadBlockingResponse(java.util.Arrays.copyOfRange(all, 0, 16)), next(replies));
            assertEquals(new BitsAvailableResponse(48 * 8), next(replies));
            assertEquals(new ReadNonBlockingResponse(java.util.Arrays.copyOfRange(all, 16, 64)), next(replies));
            assertEquals(new PidResponse("4242"), next(replies));
            assertEquals(1, backend.contributions().size());
            ch.close().sync();
        }
    }

    private static EgdResponse next(EgdReplies q) throws InterruptedException {
        EgdResponse r = q.poll(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(r, "no reply within 5 s");
        return r;
    }
}
