package org.entropyfleet.client.seed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the last {@code client-agent seed} run did, kept in the state directory ({@value #FILE_NAME}) so
 * that a machine seeded by a systemd timer, with no resident daemon to ask, can still be checked:
 * {@code client-agent status --seed} and the alert rules (through the textfile written beside it) read it.
 * One {@code key=value} per line; written to a temporary file and renamed, so a reader never sees half.
 *
 * @param time           when the run ended
 * @param ok             whether a host delivered the bytes
 * @param host           the host that delivered them ("-" when none did)
 * @param bytes          bytes fetched (0 when none)
 * @param bitsCredited   bits credited to the kernel (0 when mixed in uncredited or failed)
 * @param lastSuccess    the latest successful run, this one or an earlier one (null: never)
 * @param execToCredit   from the process's start (exec) to the RNDADDENTROPY ioctl (null when failed)
 */
public record SeedRecord(Instant time, boolean ok, String host, int bytes, long bitsCredited, Instant lastSuccess,
        Duration execToCredit) {
    public static final String FILE_NAME = "last-seed";
    /** The state directory the units give the agents (systemd StateDirectory=entropy-fleet). */
    public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/entropy-fleet");

    /** A failed run keeps the time of the last success from {@code previous}. */
    public static SeedRecord failed(Instant time, SeedRecord previous) {
        return new SeedRecord(time, false, "-", 0, 0, previous == null ? null : previous.lastSuccess(), null);
    }

    public static SeedRecord succeeded(Instant time, String host, int bytes, long bitsCredited, Duration execToCredit) {
        return new SeedRecord(time, true, host, bytes, bitsCredited, time, execToCredit);
    }

    /** The record in {@code dir}, or null if there is none or it cannot be read. */
    public static SeedRecord read(Path dir) {
        Path f = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            Map<String, String> kv = new LinkedHashMap<>();
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    kv.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return new SeedRecord(Instant.parse(kv.get("time")), Boolean.parseBoolean(kv.get("ok")), kv.getOrDefault("host", "-"),
                    Integer.parseInt(kv.getOrDefault("bytes", "0")), Long.parseLong(kv.getOrDefault("bits-credited", "0")),
                    instant(kv.get("last-success")), kv.containsKey("exec-to-credit-ms")
                            ? Duration.ofMillis(Long.parseLong(kv.get("exec-to-credit-ms"))) : null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder s = new StringBuilder();
        s.append("time=").append(time).append('\n');
        s.append("ok=").append(ok).append('\n');
        s.append("host=").append(host).append('\n');
        s.append("bytes=").append(bytes).append('\n');
        s.append("bits-credited=").append(bitsCredited).append('\n');
        if (lastSuccess != null) {
            s.append("last-success=").append(lastSuccess).append('\n');
        }
        if (execToCredit != null) {
            s.append("exec-to-credit-ms=").append(execToCredit.toMillis()).append('\n');
        }
        Path tmp = dir.resolve("." + FILE_NAME + ".tmp");
        Files.writeString(tmp, s, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
