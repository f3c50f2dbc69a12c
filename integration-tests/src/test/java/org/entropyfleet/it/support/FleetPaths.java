package org.entropyfleet.it.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the built artifacts are: the fixed jar and launcher paths the README documents. */
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

    /**
     * {@code <module>/target/<module>}: the build's launcher beside the jar, running it with the same JVM
     * flags as the .deb's launcher (the module's jvm.options), as the README tells users to run it.
     */
    public static Path launcher(String module) {
        jar(module);
        Path launcher = root().resolve(module).resolve("target").resolve(module);
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException("missing " + launcher + ": run mvn package first");
        }
        return launcher;
    }

    /** The JVM running the tests, for the launchers ({@code JAVA_HOME}) and direct {@code java} commands. */
    public static String javaHome() {
        return System.getProperty("java.home");
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
