package org.entropyfleet.host.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Whether a device source can be opened for reading, by this process or, for {@code --as-user}, by
 * the account the agent will run as (systemd's {@code User=}). Opening is the whole check: reading a
 * hardware RNG could block, and permission is decided at open.
 *
 * <p>Checking as another user runs {@code setpriv --reuid USER --regid GROUP --init-groups dd ... count=0}:
 * the kernel decides with that uid, primary group and supplementary groups (ACLs included), which a
 * reading of mode bits here could get wrong.
 */
final class DeviceAccess {
    /** How long a check may take; setpriv and dd open one file. */
    static final long TIMEOUT_SECONDS = 10;

    private DeviceAccess() {
    }

    /** Null if {@code path} opens for reading (as {@code user}, if not null), else why not. */
    static String problem(Path path, String user) {
        return user == null ? openHere(path) : openAs(path, user);
    }

    private static String openHere(Path path) {
        try (FileChannel ignored = FileChannel.open(path, StandardOpenOption.READ)) {
            return null;
        } catch (java.nio.file.NoSuchFileException e) {
            return "no such file: " + path;
        } catch (java.nio.file.AccessDeniedException e) {
            return "cannot open " + path + " for reading: permission denied";
        } catch (IOException | RuntimeException e) {
            return "cannot open " + path + " for reading: " + e.getMessage();
        }
    }

    private static String openAs(Path path, String user) {
        Result group = run(List.of("id", "-g", user));
        if (group.code != 0) {
            return "cannot check as user '" + user + "': " + group.output;
        }
        Result open = run(List.of("setpriv", "--reuid", user, "--regid", group.output, "--init-groups", "--",
                "dd", "if=" + path, "of=/dev/null", "count=0", "status=none"));
        if (open.code == 0) {
            return null;
        }
        if (open.output.contains("setpriv")) {
            return "cannot check as user '" + user + "' (run check-config as root): " + open.output;
        }
        return "user '" + user + "' cannot open " + path + " for reading: " + open.output.replaceFirst("^dd: ", "");
    }

    private record Result(int code, String output) {
    }

    private static Result run(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readNBytes(4096);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, argv.get(0) + " did not finish in " + TIMEOUT_SECONDS + "s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return new Result(-1, "cannot run " + argv.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
