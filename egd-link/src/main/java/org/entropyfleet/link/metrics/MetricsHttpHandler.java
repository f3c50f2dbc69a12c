package org.entropyfleet.link.metrics;

import com.codahale.metrics.MetricRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code GET /metrics} (Prometheus text), {@code /metrics.json} and {@code /healthz}
 * ({@link Health#httpStatus()} with {@link Health#body()} and a newline). Rendering runs on the event loop: it reads in-memory metrics
 * only, and the agents' gauges are required to be cheap. Sharable: it holds no connection state.
 */
@io.netty.channel.ChannelHandler.Sharable
final class MetricsHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsHttpHandler.class);

    private final MetricRegistry registry;
    private final PrometheusExposition prometheus;
    private final Supplier<Health> health;

    MetricsHttpHandler(MetricRegistry registry, Supplier<Health> health) {
        this.registry = registry;
        this.prometheus = new PrometheusExposition(registry);
        this.health = health;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            send(ctx, req, HttpResponseStatus.BAD_REQUEST, "text/plain; charset=utf-8", "bad request\n", false);
            return;
        }
        boolean head = HttpMethod.HEAD.equals(req.method());
        if (!HttpMethod.GET.equals(req.method()) && !head) {
            send(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", "use GET\n", head);
            return;
        }
        String path = new QueryStringDecoder(req.uri()).path();
        switch (path) {
            case "/metrics" -> send(ctx, req, HttpResponseStatus.OK, PrometheusExposition.CONTENT_TYPE,
                    prometheus.write(), head);
            case "/metrics.json" -> send(ctx, req, HttpResponseStatus.OK, "application/json",
                    MetricsJson.write(registry), head);
            case "/healthz" -> {
                Health h = health();
                send(ctx, req, HttpResponseStatus.valueOf(h.httpStatus()), "text/plain; charset=utf-8",
                        h.body() + "\n", head);
            }
            default -> send(ctx, req, HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8",
                    "not found; try /metrics, /metrics.json or /healthz\n", head);
        }
    }

    private Health health() {
        try {
            Health h = health.get();
            return h == null ? Health.down("no health reported") : h;
        } catch (RuntimeException e) {
            // once per request, and anyone on the port can request: not worth a line each
            LOG.debug("event=healthz-failed error={}", e.toString());
            return Health.down("health check failed: " + e);
        }
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status,
                             String contentType, String body, boolean head) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ByteBuf content = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        boolean keepAlive = HttpUtil.isKeepAlive(req) && req.decoderResult().isSuccess();
        if (!keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ChannelFuture f = ctx.writeAndFlush(res);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("event=metrics-http-error remote={} error={}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
