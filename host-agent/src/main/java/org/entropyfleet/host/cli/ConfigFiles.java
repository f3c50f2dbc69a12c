package org.entropyfleet.host.cli;

import java.nio.file.Path;
import org.entropyfleet.host.config.HostAgentConfig;
import org.entropyfleet.link.config.ConfigException;
import org.entropyfleet.link.config.ConfigLoader;

/** Loads and validates a host-agent config file; errors name the file, line and key. */
public final class ConfigFiles {
    private ConfigFiles() {
    }

    public static HostAgentConfig load(Path file) throws ConfigException {
        return ConfigLoader.load(file, HostAgentConfig.class);
    }
}
