package org.entropyfleet.link.tls;

import io.netty.handler.ssl.SslContext;
import org.entropyfleet.link.config.TlsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Holds the current {@link SslContext} and swaps it when the TLS files change. Polling runs on its own
 * daemon thread (never the event loop: it reads files and verifies signatures). New connections pick
 * up the new context; existing ones keep theirs. A file that fails to load keeps the old context and
 * logs one error per change of the files (not one per poll).
 */
final class ReloadingSslContext implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadingSslContext.class);

    interface Builder {
        SslContext build(TlsMaterial material) throws SSLException;
    }

    interface Listener {
        /** Called on the reload thread after a successful swap. */
        void reloaded(TlsMaterial material, List<Path> changed);
    }

    record Current(TlsMaterial material, SslContext ssl) {
    }

    private final String role;
    private final TlsConfig cfg;
    private final TlsMetrics metrics;
    private final Builder builder;
    private final Listener listener;
    private final List<Path> files;
    private final CrlHistory crlHistory;
    private final ScheduledExecutorService poller;
    private volatile Current current;
    /** Stamps of the files as last loaded successfully. */
    private FileStamps loaded;
    /** Stamps of the files at the last attempt, successful or not (suppresses repeated error logs). */
    private FileStamps attempted;

    ReloadingSslContext(String role, TlsConfig cfg, TlsMetrics metrics, Builder builder, Listener listener)
            throws TlsConfigException {
        this(role, cfg, metrics, builder, listener, CrlHistory.inMemory());
    }

    ReloadingSslContext(String role, TlsConfig cfg, TlsMetrics metrics, Builder builder, Listener listener,
                        CrlHistory crlHistory) throws TlsConfigException {
        this.role = role;
        this.crlHistory = crlHistory;
        this.cfg = cfg;
        this.metrics = metrics;
        this.builder = builder;
        this.listener = listener;
        List<Path> f = new ArrayList<>(List.of(cfg.cert(), cfg.key(), cfg.ca()));
        if (cfg.crl() != null) {
            f.add(cfg.crl());
        }
        this.files = List.copyOf(f);
        FileStamps stamps = FileStamps.of(files);
        this.current = load();
        adopted(current.material());
        this.loaded = stamps;
        this.attempted = stamps;
        if (cfg.reloadInterval().isZero()) {
            this.poller = null;
        } else {
            this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "tls-reload-" + role);
                t.setDaemon(true);
                return t;
            });
            long ms = cfg.reloadInterval().toMillis();
            poller.scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    Current current() {
        return current;
    }

    /** Reloads now, even if no file changed (SIGHUP). Returns false if the files were bad. */
    synchronized boolean reloadNow() {
        return attempt(FileStamps.of(files), true);
    }

    private synchronized void poll() {
        try {
            FileStamps now = FileStamps.of(files);
            if (now.changedSince(attempted).isEmpty()) {
                return;
            }
            attempt(now, false);
        } catch (RuntimeException e) {
            // Keep the poller alive whatever happens; the scheduled task would otherwise stop silently.
            LOG.error("event=tls-reload-poll-failed role={} error=\"{}\"", role, e.toString());
        }
    }

    private boolean attempt(FileStamps now, boolean forced) {
        List<Path> changed = now.changedSince(loaded);
        attempted = now;
        Current next;
        try {
            next = load();
        } catch (TlsConfigException e) {
            metrics.reloaded(false);
            LOG.error("event=tls-reload-failed role={} keeping=previous-certificates file={} error=\"{}\"",
                    role, e.file(), e.getMessage());
            return false;
        }
        current = next;
        adopted(next.material());
        loaded = now;
        metrics.reloaded(true);
        LOG.info("event=tls-reloaded role={} changed={} forced={} material=\"{}\"", role, changed, forced, next.material());
        listener.reloaded(next.material(), changed);
        return true;
    }

    private void adopted(TlsMaterial m) {
        m.recordCrls(crlHistory);
        metrics.crlRollbacksRefused(m.crlRollbacksRefused());
    }

    private Current load() throws TlsConfigException {
        TlsMaterial m = TlsMaterial.load(cfg, crlHistory);
        try {
            return new Current(m, builder.build(m));
        } catch (SSLException | RuntimeException e) {
            throw new TlsConfigException(cfg.cert(), "TLS engine rejected certificate/key: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }
}
