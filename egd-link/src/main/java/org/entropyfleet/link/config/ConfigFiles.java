package org.entropyfleet.link.config;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How both agents read a config file: the daemon, its reloads, {@code check-config} and {@code status}
 * through {@link #load}, {@code seed} through {@link #loadOnce}; both run the same {@link ConfigLoader},
 * so what check-config validates is what the daemon runs. Errors name file, line and key.
 *
 * <p>In {@link #load}, {@link ConfigLoader} runs with Jackson databind/core/YAML and SnakeYAML defined by a throw-away class
 * loader. Why: a daemon reads its config once (and on SIGHUP) and then runs for months; classes of the
 * application class loader are never unloaded, and Jackson + SnakeYAML are ~700 classes (≈ 5 MB metaspace
 * plus the mapper's caches on the heap). Once the load returns nothing references that loader, and the
 * next full GC unloads them (the client agent forces one, see its {@code Footprint}). The config records,
 * {@link ConfigException} and jackson-annotations stay in the application loader, so the record returned
 * and the annotations Jackson reads are the ordinary ones. The load runs on its own short-lived thread so
 * Jackson's thread-local buffer recyclers die with it.
 */
public final class ConfigFiles {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigFiles.class);

    /**
     * Classes (by name prefix) the throw-away loader defines itself instead of asking its parent: the YAML
     * stack, and the classes of this package that use it (none of them is named by a config record). Names,
     * not class literals: a literal would load the class, and with it Jackson, into the application loader.
     */
    static final String LOADER = "org.entropyfleet.link.config.ConfigLoader";
    static final List<String> ISOLATED = List.of(
            "com.fasterxml.jackson.core.", "com.fasterxml.jackson.databind.", "com.fasterxml.jackson.dataformat.",
            "org.yaml.snakeyaml.",
            LOADER, "org.entropyfleet.link.config.ConfigValueDeserializer", "org.entropyfleet.link.config.YamlLocator",
            "org.entropyfleet.link.config.KeyPath");

    /** What one isolated load gave: exactly one of the three is set. */
    record Outcome<T>(T config, Throwable failure, String notIsolated) {
    }

    private ConfigFiles() {
    }

    /**
     * Reads and validates {@code file} as a {@code type} record, for a process that reads it once and exits
     * ({@code seed}): the same {@link ConfigLoader}, in the application class loader. Isolating buys a
     * long-running daemon its metaspace back; a one-shot run exits instead, and in the application loader
     * Jackson and SnakeYAML come from the class-data sharing archive the seed unit keeps (~0.3 s of
     * class loading and linking saved at boot, client-agent/README.md "Seed latency").
     */
    public static <T> T loadOnce(Path file, Class<T> type) throws ConfigException {
        return ConfigLoader.load(file, type);
    }

    /** Reads and validates {@code file} as a {@code type} record, for a daemon (see the class comment). */
    public static <T> T load(Path file, Class<T> type) throws ConfigException {
        Outcome<T> r;
        try {
            r = loadOnThread(file, type, new IsolatingLoader(ConfigFiles.class.getClassLoader()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ConfigLoader.load(file, type);
        }
        if (r.config() != null) {
            return r.config();
        }
        if (r.failure() instanceof ConfigException e) {
            throw e;
        }
        if (r.failure() instanceof RuntimeException e) {
            throw e;
        }
        if (r.failure() instanceof Error e) {
            throw e;
        }
        // the isolated loader could not be set up (e.g. an unusual class path): load the ordinary way
        LOG.warn("event=config-loader-not-isolated reason=\"{}\"", r.notIsolated());
        return ConfigLoader.load(file, type);
    }

    /** Runs ConfigLoader.load as defined by {@code loader} on a short-lived thread. */
    static <T> Outcome<T> loadOnThread(Path file, Class<T> type, ClassLoader loader) throws InterruptedException {
        AtomicReference<Outcome<T>> result = new AtomicReference<>();
        Thread t = new Thread(() -> result.set(loadIsolated(file, type, loader)), "config-load");
        t.start();
        t.join();
        return result.get();
    }

    private static <T> Outcome<T> loadIsolated(Path file, Class<T> type, ClassLoader loader) {
        try {
            Object config = Class.forName(LOADER, true, loader)
                    .getMethod("load", Path.class, Class.class).invoke(null, file, type);
            return new Outcome<>(type.cast(config), null, null);
        } catch (InvocationTargetException e) {
            return new Outcome<>(null, e.getCause(), null);
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return new Outcome<>(null, null, e.toString());
        }
    }

    static boolean isolated(String className) {
        for (String p : ISOLATED) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** Child-first for {@link #ISOLATED} (class bytes read through the parent), parent-first otherwise. */
    static final class IsolatingLoader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        IsolatingLoader(ClassLoader parent) {
            super("config-load", parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!isolated(name)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = define(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        private Class<?> define(String name) throws ClassNotFoundException {
            try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] b = in.readAllBytes();
                return defineClass(name, b, 0, b.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }
}
