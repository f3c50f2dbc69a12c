/** {@link org.entropyfleet.link.retry.Backoff}: how long both agents wait before trying again. */
package org.entropyfleet.link.retry;
