package org.entropyfleet.link.transport;

import io.netty.channel.ChannelException;
import java.io.IOException;
import java.util.Objects;
import org.entropyfleet.link.config.Endpoint;

/**
 * A listener could not bind its address: in use by another process, not an address of this machine,
 * a port below 1024 without the capability, a path that is not a socket. It names the config key that
 * set the address, so the agents can report "host.yaml:3:1: key 'metrics.listen': cannot listen on
 * 127.0.0.1:9776: address already in use" and exit 2 (a configuration error), not print Netty's text.
 */
public final class ListenException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final transient Endpoint endpoint;
    private final String reason;

    public ListenException(String key, Endpoint endpoint, Throwable cause) {
        super("key '" + key + "': cannot listen on " + endpoint + ": " + reason(endpoint, cause), cause);
        this.key = Objects.requireNonNull(key, "key");
        this.endpoint = endpoint;
        this.reason = "cannot listen on " + endpoint + ": " + reason(endpoint, cause);
    }

    /** A bind step, as the listeners' start methods are. */
    @FunctionalInterface
    public interface Bind<T> {
        T bind() throws Exception;
    }

    /**
     * Runs {@code bind}; a failure to bind becomes a {@link ListenException} naming {@code key}.
     * Netty's {@code sync()} rethrows the bind error undeclared, hence the broad catch, narrowed here to
     * what a bind can throw.
     */
    public static <T> T naming(String key, Endpoint endpoint, Bind<T> bind) throws ListenException, InterruptedException {
        try {
            return bind.bind();
        } catch (InterruptedException e) {
            throw e;
        } catch (IOException | ChannelException | IllegalStateException e) {
            throw e instanceof ListenException le ? le : new ListenException(key, endpoint, e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The config key of the address, e.g. {@code local-egd.listen}. */
    public String key() {
        return key;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** The message without the key: "cannot listen on ADDRESS: why". */
    public String reason() {
        return reason;
    }

    private static String reason(Endpoint endpoint, Throwable cause) {
        String m = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        if (m.contains("Address already in use")) {
            return endpoint.isUnix() ? "address already in use"
                    : "address already in use (another process listens there: ss -ltnp 'sport = :" + endpoint.port() + "')";
        }
        return m.replaceFirst("^bind\\(\\.\\.\\) failed: ", "");
    }
}
