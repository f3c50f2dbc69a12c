/**
 * What the two agents' command lines share: the exit-code table ({@link org.entropyfleet.link.cli.ExitCodes}),
 * the daemon's {@code --config}, {@code check-config FILE} and {@code status}. Each agent's commands
 * extend these and add what is theirs.
 */
package org.entropyfleet.link.cli;
