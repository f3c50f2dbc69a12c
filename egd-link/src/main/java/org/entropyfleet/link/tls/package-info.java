/**
 * Mutually-authenticated TLS for the EGD link, replacing the stunnel pair of the old deployment.
 *
 * <pre>{@code
 * ServerTlsContext tls = ServerTlsContext.open(cfg.tls(), metrics);      // fails fast, naming the bad file
 * new ServerBootstrap().childHandler(new ChannelInitializer<SocketChannel>() {
 *     protected void initChannel(SocketChannel ch) {
 *         tls.addTo(ch.pipeline());                                      // "tls" + "tls-peer"
 *         EgdPipelines.addServerCodec(ch.pipeline(), backend, options);  // sees PeerIdentity.ATTR
 *     }
 * });
 * // SIGHUP: tls.reload();   config reload: tls.updateAllowlist(newCfg.tls().allow());
 *
 * ClientTlsContext up = ClientTlsContext.open(cfg.tls(), metrics);
 * up.addTo(ch.pipeline(), "rng1.example.net", 7776);                     // checks the name against the SANs
 * }</pre>
 *
 * <p><b>Threads.</b> {@code addTo} runs on the channel's event loop and only creates handlers. File
 * polling, PEM parsing and the re-checking of live connections after a reload run on one daemon
 * thread per context ({@code tls-reload-server}/{@code tls-reload-client}); handshakes verify peers
 * on the event loop against an immutable snapshot. {@code reload()} and {@code updateAllowlist()} may
 * be called from any thread.
 *
 * <p><b>Engines.</b> BoringSSL via netty-tcnative when it loads, else the JDK's; both use the same
 * Java trust manager ({@code PeerTrustManager}), so CRL and CA bundle handling is identical.
 *
 * <p><b>Refusals</b> are logged as one line {@code TLS server refused peer: reason=R peer=ADDR detail=...}
 * and counted as {@code tls.handshakes.failed.R}, R one of untrusted, expired, revoked, not-allowed,
 * no-client-cert, protocol, timeout, other.
 */
package org.entropyfleet.link.tls;
