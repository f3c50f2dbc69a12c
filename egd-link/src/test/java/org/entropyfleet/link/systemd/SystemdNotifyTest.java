package org.entropyfleet.link.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.entropyfleet.link.transport.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdNotifyTest {

    /** Listens on a Unix datagram socket as systemd does and hands each datagram's text to the test. */
    private static Channel listen(EventLoopGroup group, String address, BlockingQueue<String> received) {
        return new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket packet) {
                        received.add(packet.content().toString(StandardCharsets.UTF_8));
                    }
                })
                .bind(new DomainSocketAddress(address)).syncUninterruptibly().channel();
    }

    private static void roundTrip(String socketName, String bindAddress) throws InterruptedException {
        BlockingQueue<String> received = new ArrayBlockingQueue<>(4);
        EventLoopGroup group = Transport.newGroup(1, "notify-test");
        try {
            Channel listener = listen(group, bindAddress, received);
            assertTrue(SystemdNotify.send(socketName, "READY=1"));
            assertEquals("READY=1", received.poll(10, TimeUnit.SECONDS));
            listener.close().syncUninterruptibly();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void sendsTheStateAsOneDatagramToThePath(@TempDir Path dir) throws InterruptedException {
        String path = dir.resolve("notify").toString();
        roundTrip(path, path);
    }

    @Test
    void anAtSignNamesTheAbstractNamespace() throws InterruptedException {
        String name = "entropy-fleet-notify-test-" + ProcessHandle.current().pid();
        roundTrip("@" + name, "\0" + name);
    }

    @Test
    void withoutASocketNothingIsSent() {
        assertFalse(SystemdNotify.send(null, "READY=1"));
        assertFalse(SystemdNotify.send("", "READY=1"));
    }

    @Test
    void aSocketNobodyListensOnIsReportedNotThrown(@TempDir Path dir) {
        assertFalse(SystemdNotify.send(dir.resolve("absent").toString(), "READY=1"));
    }
}
