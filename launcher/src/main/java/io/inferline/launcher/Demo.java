package io.inferline.launcher;

import io.inferline.cli.InferlineCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the README's first command ends with: the CLI, run exactly as a user runs it, against the system
 * just started. Grants credits to a demo account, submits a batch of 300 requests across eleven providers,
 * follows the results, and prints the usage by provider and by model and the balance left.
 */
final class Demo {

    static final String ACCOUNT = "demo";
    private static final String CREDITS = "1000";

    private final InferlineSystem system;
    private final Path dir;
    private final PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    private final PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);

    Demo(InferlineSystem system, Path dir) {
        this.system = system;
        this.dir = dir;
    }

    /** Runs the demo; false when a step failed (the system stays up either way). */
    boolean run() {
        Path batch = dir.resolve("demo-batch.jsonl");
        Map<String, Integer> kinds = DemoBatch.write(batch);
        banner("demo: " + kinds.values().stream().mapToInt(Integer::intValue).sum() + " requests " + kinds + " in " + batch);
        if (cli("credits", "grant", ACCOUNT, CREDITS, "--reason", "demo credits") != 0) {
            return false;
        }
        if (!awaitBalance()) {
            return false;
        }
        StringWriter jobId = new StringWriter();
        if (cli(new PrintWriter(jobId, true), "submit", batch.toString(), "--account", ACCOUNT) != 0) {
            return false;
        }
        String job = jobId.toString().strip();
        out.println(job);
        Path results = dir.resolve("results.jsonl");
        Path errors = dir.resolve("errors.jsonl");
        if (cli("results", job, "--follow", "--timeout", "10m", "-o", results.toString(), "--errors", errors.toString()) != 0) {
            return false;
        }
        cli("jobs", "status", job);
        cli("usage", "--account", ACCOUNT, "--by", "provider");
        cli("usage", "--account", ACCOUNT, "--by", "model");
        cli("balance", ACCOUNT);
        banner("demo done: results in " + results + ", errors in " + errors + "; try ./inferline --help for more");
        return true;
    }

    /** The router budgets against the balance the billing aggregator publishes: wait until the grant is in it. */
    private boolean awaitBalance() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            StringWriter ignored = new StringWriter();
            if (InferlineCli.execute(System.getenv(), Clock.systemUTC(), new PrintWriter(ignored), new PrintWriter(ignored),
                    withGlobals("balance", ACCOUNT)) == 0) {
                return true;
            }
            try {
                Thread.sleep(200);   // a user's retry, not a wait for Kafka inside the system
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        err.println("demo: the granted credits did not show in the balance within 60 s; see the app log");
        return false;
    }

    private int cli(String... args) {
        return cli(out, args);
    }

    private int cli(PrintWriter stdout, String... args) {
        out.println();
        out.println("$ ./inferline " + String.join(" ", args));
        int code = InferlineCli.execute(System.getenv(), Clock.systemUTC(), stdout, err, withGlobals(args));
        stdout.flush();
        err.flush();
        if (code != 0) {
            err.println("demo: the command above ended with exit code " + code);
        }
        return code;
    }

    /** The command with the system's addresses, so the demo also works on non-default ports. */
    private String[] withGlobals(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", system.bootstrapServers(), "--schema-registry-url", system.registryUrl(),
                "--billing-url", system.billingUrl()));
        return all.toArray(String[]::new);
    }

    private void banner(String line) {
        out.println();
        out.println("==> " + line);
    }
}
