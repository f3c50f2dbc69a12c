package org.entropyfleet.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion and keeps its exit code and output. */
public record Cli(int exitCode, String output) {

    public static Cli run(Path workDir, List<String> command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
            pb.environment().put("JAVA_HOME", FleetPaths.javaHome());
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("command did not finish: " + command);
            }
            return new Cli(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@code <module>/target/<module> args…}: the jar with the package's JVM flags. */
    public static Cli jar(Path workDir, String module, String... args) {
        List<String> cmd = new ArrayList<>(List.of(FleetPaths.launcher(module).toString()));
        cmd.addAll(List.of(args));
        return run(workDir, cmd);
    }

    public Cli ok() {
        if (exitCode != 0) {
            throw new AssertionError("exit " + exitCode + ":\n" + output);
        }
        return this;
    }

    /**
     * One mTLS handshake with the real openssl s_client and one EGD 0x00 request: true if the server
     * answered it (its 4-byte bit count), i.e. accepted the peer.
     */
    public static boolean opensslEgdAccepted(Path workDir, int port, Path cert, Path key, Path caFile) {
        Cli c = run(workDir, List.of("sh", "-c", "printf '\\000' | timeout 20 openssl s_client -quiet -connect 127.0.0.1:"
                + port + " -tls1_3 -cert " + cert + " -key " + key + " -CAfile " + caFile + " 2>/dev/null | wc -c"));
        return c.output().trim().endsWith("4");
    }

    /** What one {@link #opensslResumption} connection did. */
    public record Resumption(boolean accepted, boolean reused) {
    }

    /**
     * One mTLS handshake with the real openssl s_client offering the session in {@code sessionIn} (if not
     * null) and saving the session it ends with to {@code sessionOut}, then one EGD 0x04: accepted when
     * the server answered with its pid ({@code serverPid}), reused when s_client reports a resumed session.
     * s_client waits for the server to close (give the agent a short {@code timeouts.idle}), at most 20 s.
     */
    public static Resumption opensslResumption(Path workDir, int port, Path cert, Path key, Path caFile,
            Path sessionIn, Path sessionOut, long serverPid) {
        Cli c = run(workDir, List.of("sh", "-c", "printf '\\004' | timeout 20 openssl s_client -ign_eof -connect 127.0.0.1:"
                + port + " -tls1_3 -cert " + cert + " -key " + key + " -CAfile " + caFile
                + (sessionIn != null ? " -sess_in " + sessionIn : "") + " -sess_out " + sessionOut + " 2>/dev/null"));
        String pid = Long.toString(serverPid);
        return new Resumption(c.output().contains((char) pid.length() + pid), c.output().contains("Reused, TLSv1.3"));
    }
}
