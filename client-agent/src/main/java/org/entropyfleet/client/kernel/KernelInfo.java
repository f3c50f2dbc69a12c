package org.entropyfleet.client.kernel;

import java.io.IOException;
import java.nio.file.Path;

/** Facts about the running kernel read from a proc root (configurable so tests can simulate one). */
public final class KernelInfo {
    private KernelInfo() {
    }

    /** uname release from {@code <procRoot>/sys/kernel/osrelease}, else the JVM's os.version. */
    public static String release(Path procRoot) {
        try {
            return LinuxKernelRandom.readSmallFile(procRoot.resolve("sys/kernel/osrelease"));
        } catch (IOException e) {
            return System.getProperty("os.version", "");
        }
    }

    /** Resolves {@code configured} for the kernel behind {@code kernel}/{@code procRoot}. */
    public static KernelMode resolve(KernelMode configured, KernelRandom kernel, Path procRoot) {
        int pool;
        try {
            pool = kernel.poolSize();
        } catch (IOException e) {
            pool = -1;
        }
        return configured.resolve(release(procRoot), pool);
    }
}
