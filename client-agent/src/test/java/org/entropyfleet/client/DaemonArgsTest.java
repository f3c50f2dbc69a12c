package org.entropyfleet.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DaemonArgsTest {
    @Test
    void theDaemonsOwnCommandLineSkipsPicocli() {
        Path cfg = Path.of("/etc/entropy-fleet/client-agent.yaml");
        assertEquals(cfg, DaemonArgs.config(new String[] {"--config", cfg.toString()}));
        assertEquals(cfg, DaemonArgs.config(new String[] {"-c", cfg.toString()}));
        assertEquals(cfg, DaemonArgs.config(new String[] {"--config=" + cfg}));
    }

    @Test
    void anythingPicocliReadsDifferentlyGoesThroughPicocli() {
        String[][] others = {
            {}, {"--help"}, {"-V"}, {"seed", "--config", "c.yaml"}, {"check-config", "c.yaml"},
            {"--config"}, {"--config="}, {"--config", "--help"}, {"-c", "-h"}, {"--config", "seed"},
            {"--config", "status"}, {"--config", "@args"}, {"@args"}, {"--config", "c.yaml", "--help"},
            {"-cc.yaml"}, {"--config", "bad\\0path".replace("\\0", "\0")},
        };
        for (String[] args : others) {
            assertNull(DaemonArgs.config(args), String.join(" ", args));
        }
    }
}
