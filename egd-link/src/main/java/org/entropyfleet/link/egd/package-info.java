/**
 * The EGD protocol (entropy gathering daemon, as ekeyd and egd-linux speak it) as Netty codecs.
 *
 * <p>A server, e.g. the client agent's local endpoint:
 * <pre>{@code
 * new ServerBootstrap().group(group).channel(Transport.serverChannel(endpoint))
 *     .childHandler(new ChannelInitializer<Channel>() {
 *         protected void initChannel(Channel ch) {
 *             EgdPipelines.addServerCodec(ch.pipeline(), backend, EgdServerOptions.DEFAULTS);
 *         }
 *     })
 *     .bind(Transport.address(endpoint));
 * }</pre>
 * A client adds {@link org.entropyfleet.link.egd.EgdClientCodec} (via
 * {@link org.entropyfleet.link.egd.EgdPipelines#addClientCodec}) and writes
 * {@link org.entropyfleet.link.egd.EgdRequest}s; replies arrive as
 * {@link org.entropyfleet.link.egd.EgdResponse}s in request order.
 *
 * <p>Thread rules: decoders, the timeouts handler and the server handler are per connection and
 * touched only on its event loop. {@link org.entropyfleet.link.egd.EgdBackend} methods other than
 * {@code take} are called on the event loop and must not block; {@code take}'s future may
 * complete on any thread. The server encoder is a stateless shared singleton.
 *
 * <p>Failure rule: EGD has no error reply, so every protocol violation, refusal or timeout closes
 * the connection, and is logged once with the peer's name and the reason. Bytes are never guessed.
 */
package org.entropyfleet.link.egd;
