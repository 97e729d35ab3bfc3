package io.inferline.simulators;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator until Ctrl-C: {@code SimulatorMain [--port N] [--config faults.json]}. Prints each
 * provider's base URL and key, which is what an adapter's configuration needs.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int port = 8090;
        Path config = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--config" -> config = Path.of(value(args, ++i, "--config"));
                case "--help", "-h" -> {
                    System.out.println("usage: SimulatorMain [--port N (default 8090, 0 = any free port)] [--config faults.json]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; try --help");
            }
        }
        FaultConfig faults = config == null ? null : FaultConfig.read(config);
        SimulatorSettings settings = SimulatorSettings.defaults().withPort(port);
        if (faults != null && faults.seed().isPresent()) {
            settings = settings.withSeed(faults.seed().getAsLong());
        }
        ProviderSimulator simulator = ProviderSimulator.start(settings);
        if (faults != null) {
            faults.applyTo(simulator);
        }
        for (String provider : simulator.providers()) {
            System.out.printf("%-11s %s  key=%s%n", provider, simulator.baseUrl(provider), simulator.apiKey(provider));
        }
        System.out.println("workers-ai account_id=" + simulator.workersAiAccountId());
        System.out.println("serving; Ctrl-C stops");

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "sim-shutdown"));
        stopped.await();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}
