package org.entropyfleet.it.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the built artifacts are: the fixed jar paths the README documents. */
public final class FleetPaths {
    private FleetPaths() {
    }

    public static Path root() {
        String prop = System.getProperty("fleet.root");
        Path p = prop != null ? Path.of(prop) : Path.of("..").toAbsolutePath().normalize();
        if (!Files.exists(p.resolve("pom.xml"))) {
            p = Path.of("").toAbsolutePath().getParent();
        }
        return p;
    }

    public static Path jar(String module) {
        Path jar = root().resolve(module).resolve("target").resolve(module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("missing " + jar + ": run mvn package first");
        }
        return jar;
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
