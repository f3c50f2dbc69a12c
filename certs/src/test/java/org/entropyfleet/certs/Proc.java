package org.entropyfleet.certs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Runs a real child process (openssl, stunnel) with a deadline; stdout and stderr merged. */
public final class Proc {
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    public record Result(int exitCode, String output) {
        public Result ok() {
            assertEquals(0, exitCode, () -> "exit code; output:\n" + output);
            return this;
        }
    }

    private Proc() {
    }

    public static Result run(Path workDir, List<String> command) throws IOException, InterruptedException {
        return run(workDir, command, null);
    }

    /** @param stdin file fed to the process's stdin, or null for an empty stdin */
    public static Result run(Path workDir, List<String> command, Path stdin) throws IOException, InterruptedException {
        Path log = Files.createTempFile(workDir, "proc", ".out");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        } else {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            fail(command + " did not finish within " + TIMEOUT + ":\n" + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
