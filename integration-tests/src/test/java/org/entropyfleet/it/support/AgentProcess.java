package org.entropyfleet.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real child process (an agent JVM, stunnel, egd-linux…) whose output goes to a log file the
 * test can wait on. Closing it kills it, so a failing test never leaves a process behind.
 */
public final class AgentProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private AgentProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static AgentProcess start(String name, Path workDir, List<String> command) {
        try {
            Files.createDirectories(workDir);
            Path log = workDir.resolve(name + ".log");
            // SIGHUP at its default, as systemd starts a unit: a JVM cannot take over a signal that was
            // ignored when it started, and a test runner under nohup would pass SIG_IGN on.
            List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=HUP"));
            cmd.addAll(command);
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().put("JAVA_HOME", FleetPaths.javaHome());
            return new AgentProcess(name, pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** Starts {@code <module>/target/<module> args…}: the jar with the package's JVM flags. */
    public static AgentProcess startJar(String name, String module, Path workDir, String... args) {
        List<String> cmd = new ArrayList<>(List.of(FleetPaths.launcher(module).toString()));
        cmd.addAll(List.of(args));
        return start(name, workDir, cmd);
    }

    /** Copies the log under target/it-logs so a failed CI run can be diagnosed after the temp dir is gone. */
    private void keepLog() {
        try {
            Path keep = Path.of("target", "it-logs");
            Files.createDirectories(keep);
            if (Files.exists(log)) {
                Files.copy(log, keep.resolve(name + "-" + pid() + ".log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // diagnostics only
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void awaitLog(Duration timeout, String regex) {
        Pattern p = Pattern.compile(regex);
        Poll.until(timeout, name + " to log /" + regex + "/ (log: " + log + ")", () -> {
            if (!process.isAlive() && !p.matcher(output()).find()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + output());
            }
            return p.matcher(output()).find();
        });
    }

    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " did not exit within " + timeout + ":\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public void signal(String sig) {
        try {
            new ProcessBuilder("kill", "-" + sig, Long.toString(pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void kill9() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /** SIGTERM and wait: the agents' graceful shutdown. Returns the exit code. */
    public int terminate(Duration timeout) {
        process.destroy();
        return awaitExit(timeout);
    }

    @Override
    public void close() {
        keepLog();
        if (process.isAlive()) {
            signal("CONT");
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
