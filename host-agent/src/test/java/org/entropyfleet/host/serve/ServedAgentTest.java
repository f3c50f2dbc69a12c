package org.entropyfleet.host.serve;

import java.nio.file.Path;
import org.entropyfleet.host.HostAgent;
import org.entropyfleet.host.testutil.AgentFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base for end-to-end serving tests: a fresh PKI and config fixture per test, and the agent under
 * test ({@link #agent}, started by the test) closed afterwards. A test that closes the agent itself
 * sets the field to null. Subclasses owning more agents override {@link #tearDown()}, calling super first.
 */
abstract class ServedAgentTest {
    @TempDir
    Path dir;
    AgentFixture fx;
    HostAgent agent;

    @BeforeEach
    void setUp() {
        fx = new AgentFixture(dir);
    }

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
    }
}
