package io.inferline.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM (broker or registry) whose output goes to a log file, stopped by SIGTERM and then
 * killed if it lingers, and never outliving this JVM (a shutdown hook stops it the same way).
 */
final class ChildProcess implements AutoCloseable {

    /** How long the exit hook lets a child shut down cleanly before killing it. */
    static final Duration EXIT_GRACE = Duration.ofSeconds(20);

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread stopOnExit;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        // SIGTERM first even here: a SIGKILLed broker leaves no clean-shutdown marker and the next
        // start of a persistent data directory spends seconds recovering every partition
        this.stopOnExit = new Thread(() -> terminate(EXIT_GRACE), name + "-stop-on-exit");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    static ChildProcess start(String name, List<String> command, Path log, Map<String, String> env) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(ignoringInterrupt(command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return new ChildProcess(name, builder.start(), log);
    }

    /**
     * Ctrl-C in a terminal interrupts the whole foreground process group, children included: a broker that stops at
     * once under apps still committing makes their shutdown hang. Started with SIGINT ignored (which a JVM keeps, as
     * under nohup), a child stops only when its owner says so, after the apps; SIGTERM still stops it cleanly.
     */
    private static List<String> ignoringInterrupt(List<String> command) {
        Path shell = Path.of("/bin/sh");
        if (!Files.isExecutable(shell)) {
            return command; // no POSIX shell (Windows): no process groups to worry about either
        }
        List<String> wrapped = new java.util.ArrayList<>(List.of(shell.toString(), "-c", "trap '' INT; exec \"$0\" \"$@\""));
        wrapped.addAll(command);
        return wrapped;
    }

    /** The java launcher of the running JVM. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Leaves stopping the process at JVM exit to the owner's own shutdown hook: this one would run at the same time
     * as that hook (the JVM starts all hooks together) and stop the process under apps still closing against it.
     */
    void leaveExitToOwner() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting: the hook runs as it is
        }
    }

    /** Waits up to {@code timeout} for the process to exit; true if it did. */
    boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    int exitValue() {
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** The last lines of the log, for error messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    /** SIGTERM (a clean shutdown), then a kill if it has not exited within {@code grace}. */
    void close(Duration grace) {
        terminate(grace);
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or about to: it does the same, harmlessly
        }
    }

    private void terminate(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
