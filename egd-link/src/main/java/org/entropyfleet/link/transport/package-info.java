/**
 * One choice of Netty transport per process (epoll, else NIO), and the mapping from configured
 * {@link org.entropyfleet.link.config.Endpoint}s (TCP or {@code unix:} paths) to channel classes
 * and socket addresses. Use it for every group and channel so the two always match.
 */
package org.entropyfleet.link.transport;
