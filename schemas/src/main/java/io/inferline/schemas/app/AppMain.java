package io.inferline.schemas.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

/**
 * What every app's {@code main} does the same way: settings from a properties file with
 * {@code INFERLINE_<APP>_*} variables over them, start or exit with a one-line reason, close at JVM shutdown.
 * Exit codes: 2 the settings file cannot be read, 1 the app cannot start.
 */
public final class AppMain {

    private AppMain() {
    }

    /** The settings of a properties file; exits with 2, naming the app and the file, when it cannot be read. */
    public static Map<String, Object> readFile(String app, String path) {
        Properties file = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(path))) {
            file.load(reader);
        } catch (IOException e) {
            System.err.println(app + ": cannot read " + path + ": " + e.getMessage());
            System.exit(2);
        }
        Map<String, Object> settings = new HashMap<>();
        file.forEach((key, value) -> settings.put((String) key, value));
        return settings;
    }

    /**
     * {@code file} with each {@code INFERLINE_<PREFIX>_X_Y} variable applied as {@code <prefix>.x.y}, except the
     * variables {@code skip} names.
     */
    public static Map<String, Object> withEnvironment(String prefix, Map<String, ?> file, Map<String, String> env,
                                                      Predicate<String> skip) {
        String variablePrefix = "INFERLINE_" + prefix.toUpperCase(Locale.ROOT) + "_";
        Map<String, Object> merged = new HashMap<>(file);
        env.forEach((name, value) -> {
            if (name.startsWith(variablePrefix) && !skip.test(name)) {
                merged.put(prefix + "." + name.substring(variablePrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return merged;
    }

    /** The started app; exits with 1 and the reason in one line when it cannot start (bad settings, no cluster). */
    public static <A extends AutoCloseable> A startOrExit(String app, Start<A> start) throws InterruptedException {
        try {
            return start.start();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            System.err.println(app + ": cannot start: " + e.getMessage());
            System.exit(1);
            throw new IllegalStateException(e); // not reached
        }
    }

    /** How an app starts. */
    @FunctionalInterface
    public interface Start<A> {
        A start() throws Exception;
    }

    /** Closes {@code started} when the JVM shuts down (Ctrl-C, SIGTERM); the latch opens once it has closed. */
    public static CountDownLatch closeAtShutdown(String app, AutoCloseable started) {
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.close();
            } catch (Exception e) {
                System.err.println(app + ": closing failed: " + e);
            } finally {
                closed.countDown();
            }
        }, app + "-shutdown"));
        return closed;
    }
}
