/**
 * {@link org.entropyfleet.link.ring.WipingRing}: the one byte ring both agents buffer entropy in.
 */
package org.entropyfleet.link.ring;
