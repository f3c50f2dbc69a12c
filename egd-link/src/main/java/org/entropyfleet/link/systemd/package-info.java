/**
 * The agents' side of systemd's service protocol: readiness notification for {@code Type=notify}
 * units, so units ordered after an agent start only once it serves.
 */
package org.entropyfleet.link.systemd;
