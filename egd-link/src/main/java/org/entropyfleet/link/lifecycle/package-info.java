/**
 * What both agents do the same way at start and stop: {@link org.entropyfleet.link.lifecycle.Closeables},
 * {@link org.entropyfleet.link.lifecycle.NativePreload}.
 */
package org.entropyfleet.link.lifecycle;
