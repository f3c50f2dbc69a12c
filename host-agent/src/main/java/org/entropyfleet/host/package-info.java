/**
 * The host agent. Entropy moves one way, each step handing on to the next and never calling back:
 * a source reads raw bytes on its own thread ({@code source}: device, command, upstream EGD, 0x03
 * contributions) → health tests pass or hold them ({@code health.SourceHealth}) → SHA-512 conditioning
 * ({@code pool.Conditioner}) → the pool ({@code pool.EntropyPool}, which alone decides serve-now or wait)
 * → the EGD handler answering clients on an event loop ({@code serve.PoolBackend}, egd-link's {@code EgdServerHandler}).
 */
package org.entropyfleet.host;
