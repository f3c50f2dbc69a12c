package org.entropyfleet.client.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs a real child JVM without CAP_SYS_ADMIN (setpriv drops it from the bounding set before exec),
 * so the kernel answers RNDADDENTROPY with EPERM and the agent must fall back to uncredited writes.
 */
class UncreditedFallbackTest {

    @Test
    void withoutCapSysAdminBytesAreWrittenUncreditedAndLoggedOnce() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder("setpriv", "--bounding-set=-sys_admin", java, "-cp",
                System.getProperty("java.class.path"), FallbackProbe.class.getName())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("credited=false,false fallback=1 uncredited-bytes=96 credited-bytes=0"), out);
        assertEquals(1, out.split("event=kernel-uncredited-fallback", -1).length - 1, "logged once:\n" + out);
    }
}
