package org.entropyfleet.host.source;

import com.codahale.metrics.MetricRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command and reads its standard output. When the child exits (or stalls) it is restarted with
 * exponential backoff. Its standard error goes to ours so the operator sees why it died.
 */
public final class CommandSource extends StreamSource {
    /** Grace period between SIGTERM and SIGKILL when stopping a child. */
    static final long KILL_GRACE_MILLIS = 2000;

    private final List<String> command;

    public CommandSource(List<String> command, SourceSettings settings, SourceSink sink, MetricRegistry metrics) {
        super(settings, sink, metrics);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command must not be empty");
        }
        this.command = List.copyOf(command);
    }

    @Override
    protected String describe() {
        return "command " + command.get(0);
    }

    @Override
    protected Connection open() throws IOException {
        Process p = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        InputStream out = p.getInputStream();
        return new Connection() {
            @Override
            public int read(byte[] buf) throws IOException {
                return out.read(buf);
            }

            /** Never blocks (the watchdog calls it): SIGTERM now, SIGKILL if still alive after the grace period. */
            @Override
            public void close() {
                p.destroy();
                p.onExit().completeOnTimeout(p, KILL_GRACE_MILLIS, TimeUnit.MILLISECONDS).thenAccept(proc -> {
                    if (proc.isAlive()) {
                        proc.destroyForcibly();
                    }
                });
                p.onExit().thenRun(() -> {
                    try {
                        out.close();   // release the pipe once the child is gone
                    } catch (IOException ignored) {
                        // nothing left to release
                    }
                });
            }
        };
    }
}
