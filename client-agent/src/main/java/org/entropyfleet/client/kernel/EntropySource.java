package org.entropyfleet.client.kernel;

import java.util.concurrent.CompletableFuture;

/**
 * Where the feeder gets bytes: the upstream host connection. Bytes handed out are the caller's to
 * zero; each byte is handed out once.
 */
public interface EntropySource {
    /** Completes with exactly {@code bytes} bytes, or exceptionally when no host can deliver them. */
    CompletableFuture<byte[]> fetch(int bytes);
}
