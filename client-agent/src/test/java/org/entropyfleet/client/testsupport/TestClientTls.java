package org.entropyfleet.client.testsupport;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.nio.file.Path;
import javax.net.ssl.SSLParameters;
import org.entropyfleet.client.upstream.TlsInstaller;
import org.entropyfleet.link.tls.TestPki;

/** Client-side mTLS for connector tests: a TestPki client cert, CA trust, host name checked against SANs. */
public final class TestClientTls {
    private TestClientTls() {
    }

    public static TlsInstaller forClient(TestPki pki, String cn) throws Exception {
        Path[] crtKey = pki.issueClient(cn);
        SslContext ctx = SslContextBuilder.forClient().keyManager(crtKey[0].toFile(), crtKey[1].toFile())
                .trustManager(pki.caBundle().toFile()).protocols("TLSv1.3").build();
        return (pipeline, host, port) -> {
            SslHandler h = ctx.newHandler(pipeline.channel().alloc(), host, port);
            SSLParameters p = h.engine().getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            h.engine().setSSLParameters(p);
            pipeline.addLast(h);
        };
    }
}
