package org.entropyfleet.client.config;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.entropyfleet.link.config.ConfigException;
import org.entropyfleet.link.config.ConfigLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the daemon's config with {@link ConfigLoader} defined, together with Jackson databind/core/YAML
 * and SnakeYAML, by a throw-away class loader. Why: the daemon reads its config once and then runs
 * for months on every VM; classes of the application class loader are never unloaded, and Jackson +
 * SnakeYAML are ~700 classes (≈ 5 MB metaspace plus the mapper's caches on the heap). Once the load
 * returns, nothing references that loader, and the next full GC (see {@code Footprint.settle()})
 * unloads them. The config records, {@link ConfigException} and jackson-annotations stay in the
 * application loader, so the returned record and the annotations Jackson reads are the ordinary ones.
 * The load runs on its own short-lived thread so Jackson's thread-local buffer recyclers die with it.
 */
public final class UnloadableConfigLoader {
    private static final Logger LOG = LoggerFactory.getLogger(UnloadableConfigLoader.class);

    /** Classes (by name prefix) the throw-away loader defines itself instead of asking its parent. */
    static final List<String> ISOLATED = List.of(
            "com.fasterxml.jackson.core.", "com.fasterxml.jackson.databind.", "com.fasterxml.jackson.dataformat.",
            "org.yaml.snakeyaml.",
            "org.entropyfleet.link.config.ConfigLoader", "org.entropyfleet.link.config.ConfigValueDeserializer",
            "org.entropyfleet.link.config.YamlLocator", "org.entropyfleet.link.config.KeyPath");

    private UnloadableConfigLoader() {
    }

    /** {@link ClientAgentConfig#load} through a loader that can be unloaded afterwards; same errors. */
    public static ClientAgentConfig load(Path file) throws ConfigException, InterruptedException {
        Object r = loadOnThread(file, new IsolatingLoader(UnloadableConfigLoader.class.getClassLoader()));
        if (r instanceof ClientAgentConfig cfg) {
            return cfg;
        }
        if (r instanceof ConfigException e) {
            throw e;
        }
        if (r instanceof RuntimeException e) {
            throw e;
        }
        if (r instanceof Error e) {
            throw e;
        }
        // the isolated loader could not be set up (e.g. an unusual class path): load the ordinary way
        LOG.warn("event=config-loader-not-isolated reason=\"{}\"", r);
        return ClientAgentConfig.load(file);
    }

    /**
     * Runs ConfigLoader.load as defined by {@code loader} on a short-lived thread. Returns the config,
     * the exception the load threw, or a String saying why the isolated ConfigLoader could not be called.
     */
    static Object loadOnThread(Path file, ClassLoader loader) throws InterruptedException {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(() -> result.set(loadIsolated(file, loader)), "config-load");
        t.start();
        t.join();
        return result.get();
    }

    private static Object loadIsolated(Path file, ClassLoader loader) {
        try {
            Method load = Class.forName(ConfigLoader.class.getName(), true, loader).getMethod("load", Path.class, Class.class);
            return load.invoke(null, file, ClientAgentConfig.class);
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (ReflectiveOperationException | LinkageError e) {
            return e.toString();
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
