/** What both agents do the same way at start and stop: {@link org.entropyfleet.link.lifecycle.Closeables}. */
package org.entropyfleet.link.lifecycle;
