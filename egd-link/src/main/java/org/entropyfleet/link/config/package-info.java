/**
 * Typed, validated-once configuration read from YAML.
 *
 * <pre>{@code
 * HostAgentConfig cfg = ConfigLoader.load(Path.of("/etc/entropy-fleet/host-agent.yaml"), HostAgentConfig.class);
 * }</pre>
 * Config types are records whose compact constructors apply defaults and throw
 * {@link IllegalArgumentException} with messages of the form {@code key 'min-entropy': must be ≤ 8};
 * {@link org.entropyfleet.link.config.ConfigLoader} turns those into
 * {@code FILE:LINE:COL: key 'sources[0].min-entropy': must be ≤ 8}. Records are immutable and
 * safe to share between threads.
 */
package org.entropyfleet.link.config;
