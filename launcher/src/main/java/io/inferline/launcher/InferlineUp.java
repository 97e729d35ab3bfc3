package io.inferline.launcher;

import io.inferline.stack.LocalStack;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./inferline up}: the whole system on this machine, then the demo; runs until Ctrl-C, which stops
 * every app and process it started. Exit code 0 on a normal stop, 1 when something could not start, 2 on
 * bad options.
 */
public final class InferlineUp {

    /** The status the shutdown hook ends the JVM with: 0 unless start-up failed (a Ctrl-C is a normal stop). */
    private static volatile int exitStatus;

    private InferlineUp() {
    }

    public static void main(String[] args) {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            System.err.println("inferline up: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(LaunchOptions.USAGE);
            return;
        }
        if (options.stack().reset() && !options.externalCluster()) {
            // before the log file is opened in the data directory
            try {
                LocalStack.reset(options.stack().dataDir().toAbsolutePath());
            } catch (IOException | IllegalStateException e) {
                System.err.println("inferline up: " + LocalStack.oneLine(e));
                System.exit(1);
                return;
            }
            options = options.withStack(options.stack().withoutReset());
        }
        // before the first logger exists: every app logs into the data directory, with the launcher's configuration
        // (the apps' jars bring their own logback.xml for running alone)
        System.setProperty("inferline.log.dir", options.stack().dataDir().toAbsolutePath().resolve("logs").toString());
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-launcher.xml");
        }
        int status;
        try {
            status = run(options);
        } catch (InterruptedException e) {
            status = 1;
        } catch (Exception | LinkageError e) {
            System.err.println("inferline up: could not start: " + LocalStack.oneLine(e) + " (details in "
                    + Path.of(System.getProperty("inferline.log.dir")).resolve("apps.log") + ")");
            status = 1;
        }
        exitStatus = status;
        System.exit(status);
    }

    private static int run(LaunchOptions options) throws Exception {
        InferlineSystem system = InferlineSystem.start(options, System.getenv());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                System.out.println("stopping inferline ...");
                system.close();
                System.out.println("stopped: every app, the simulators, the registry and the broker have exited");
            } finally {
                stopped.countDown();
                // Ctrl-C would otherwise end the JVM with 130: stopping on Ctrl-C is the normal way out
                Runtime.getRuntime().halt(exitStatus);
            }
        }, "inferline-shutdown"));
        System.out.println(system.describe());
        if (options.demo()) {
            boolean ok = new Demo(system, options.stack().dataDir().toAbsolutePath().resolve("demo")).run();
            if (!ok && options.stack().once()) {
                return 1;
            }
        }
        if (options.stack().once()) {
            return 0; // main's System.exit runs the hook, which stops everything
        }
        System.out.println("press Ctrl-C to stop");
        stopped.await();
        return 0;
    }
}
