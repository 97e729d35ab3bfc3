package io.inferline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferline.avro.UsageEvent;
import io.inferline.cli.InferlineCli;
import io.inferline.schemas.serde.AvroSerdeConfig;
import io.inferline.schemas.serde.TopicSerdes;
import io.inferline.schemas.topic.TopicRegistry;
import io.inferline.testkit.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's path end to end: {@code ./inferline up} (the launcher in its own JVM, on free ports, without the
 * demo), then the CLI as a user runs it — credits, a 1,000-line OpenAI Batch file, results followed to the end,
 * job status, usage and balance — checked against the usage events the workers wrote.
 */
class EndToEndIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final int LINES = 1_000;
    private static final String ACCOUNT = "e2e-account";
    private static final List<String> MODELS = List.of("gpt-4o-mini", "anthropic/claude-haiku-4-5", "google/gemini-2.5-flash",
            "mistral/mistral-small-latest", "cohere/command-r-08-2024", "workers-ai/@cf/meta/llama-3.1-8b-instruct");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Process system;
    private final Map<String, String> addresses = new ConcurrentHashMap<>();
    private final StringBuffer systemOutput = new StringBuffer();

    @AfterEach
    void stop() throws Exception {
        if (system != null) {
            system.destroy();   // SIGTERM: the launcher's shutdown hook stops every app and child process
            if (!system.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                system.destroyForcibly();
            }
        }
    }

    @Test
    void aUserSubmitsAnOpenAiBatchFollowsItsResultsAndSeesUsageAndBalanceAgree(@TempDir Path dir) throws Exception {
        startSystem(dir.resolve("data"));
        Path batch = dir.resolve("batch.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
            lines.add(JSON.createObjectNode().put("custom_id", "line-" + i).put("method", "POST").put("url", "/v1/chat/completions")
                    .set("body", JSON.createObjectNode().put("model", MODELS.get(i % MODELS.size())).put("max_tokens", 100)
                            .set("messages", JSON.createArrayNode().add(JSON.createObjectNode().put("role", "user")
                                    .put("content", "question number " + i)))).toString());
        }
        Files.write(batch, lines, StandardCharsets.UTF_8);

        assertThat(cli("credits", "grant", ACCOUNT, "500", "--reason", "end-to-end test").code()).isZero();
        Await.until(TIMEOUT, "the granted credits in the balance", () -> cli("balance", ACCOUNT).code() == 0);
        Result submitted = cli("submit", batch.toString(), "--account", ACCOUNT);
        assertThat(submitted.code()).as(submitted.err()).isZero();
        String job = submitted.out().strip();

        Path out = dir.resolve("out.jsonl");
        Path errors = dir.resolve("errors.jsonl");
        Result results = cli("results", job, "--follow", "--timeout", "4m", "-o", out.toString(), "--errors", errors.toString());
        assertThat(results.code()).as(results.err()).isZero();
        List<JsonNode> answered = new ArrayList<>();
        for (Path file : List.of(out, errors)) {
            for (String line : Files.readAllLines(file)) {
                answered.add(JSON.readTree(line));
            }
        }
        Set<String> customIds = new HashSet<>();
        answered.forEach(line -> customIds.add(line.get("custom_id").asText()));
        assertThat(answered).hasSize(LINES);
        assertThat(customIds).hasSize(LINES).allMatch(id -> id.startsWith("line-"));
        long succeeded = Files.readAllLines(out).size();

        Map<String, Long> counts = fields(cli("jobs", "status", job).out());
        assertThat(counts.get("total")).isEqualTo(LINES);
        assertThat(counts.get("succeeded") + counts.get("failed") + counts.get("cancelled")).isEqualTo(LINES);
        assertThat(counts.get("pending")).isZero();
        assertThat(counts.get("succeeded")).isEqualTo(succeeded);

        List<UsageEvent> events = usageEvents(ACCOUNT, LINES);
        long spent = events.stream().mapToLong(UsageEvent::getCostMicros).sum();
        assertThat(events.stream().map(UsageEvent::getRequestId).distinct().count()).isEqualTo(LINES);
        Await.until(TIMEOUT, "usage and balance to show every charge", () -> micros(balanceLine("spent")) == spent
                && micros(usageTotal()) == spent);
        assertThat(micros(balanceLine("balance"))).isEqualTo(500_000_000L - spent);
        System.out.printf("[end-to-end] %d lines: %d succeeded, %d failed; %d usage events costing %d micro-credits; balance %s%n",
                LINES, counts.get("succeeded"), counts.get("failed"), events.size(), spent, balanceLine("balance"));
    }

    private void startSystem(Path dataDir) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx1g", "-Dinferline.registry.jar=" + System.getProperty("inferline.registry.jar"),
                "-cp", System.getProperty("java.class.path"), InferlineUp.class.getName(), "--no-demo", "--data-dir", dataDir.toString(),
                "--broker-port", "0", "--controller-port", "0", "--registry-port", "0", "--billing-port", "0", "--simulator-port", "0");
        builder.redirectErrorStream(true);
        system = builder.start();
        Thread reader = new Thread(() -> {
            Pattern address = Pattern.compile("^\\s+(Kafka bootstrap servers|schema registry|billing queries)\\s+(\\S+)");
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(system.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    systemOutput.append(line).append('\n');
                    Matcher matcher = address.matcher(line);
                    if (matcher.find()) {
                        addresses.put(matcher.group(1), matcher.group(2));
                    }
                    if (line.startsWith("press Ctrl-C")) {
                        addresses.put("up", "yes");
                    }
                }
            } catch (java.io.IOException ended) {
                // the process is gone
            }
        }, "system-output");
        reader.setDaemon(true);
        reader.start();
        try {
            Await.until(TIMEOUT, "inferline up", () -> addresses.containsKey("up") || !system.isAlive());
        } finally {
            System.out.println("[end-to-end] launcher output:\n" + systemOutput);
        }
        assertThat(system.isAlive()).as("the launcher is running").isTrue();
    }

    private record Result(int code, String out, String err) {
    }

    private Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", addresses.get("Kafka bootstrap servers"),
                "--schema-registry-url", addresses.get("schema registry"), "--billing-url", addresses.get("billing queries")));
        int code = InferlineCli.execute(Map.of(), Clock.systemUTC(), new PrintWriter(out, true), new PrintWriter(err, true),
                all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    /** {@code name value} lines of a status table, the numeric ones. */
    private static Map<String, Long> fields(String table) {
        Map<String, Long> values = new HashMap<>();
        for (String line : table.split("\n")) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 2 && parts[1].matches("\\d+")) {
                values.put(parts[0], Long.parseLong(parts[1]));
            }
        }
        return values;
    }

    private String balanceLine(String name) {
        for (String line : cli("balance", ACCOUNT).out().split("\n")) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length >= 2 && parts[0].equals(name)) {
                return parts[1];
            }
        }
        return "";
    }

    /** The cost column of the total row of {@code usage --by provider}. */
    private String usageTotal() {
        for (String line : cli("usage", "--account", ACCOUNT, "--by", "provider", "--since", "-1d").out().split("\n")) {
            if (line.startsWith("total")) {
                String[] parts = line.strip().split("\\s+");
                return parts[parts.length - 1];
            }
        }
        return "";
    }

    private static long micros(String credits) {
        return credits.isEmpty() ? -1 : new BigDecimal(credits).movePointRight(6).longValueExact();
    }

    private List<UsageEvent> usageEvents(String account, int expected) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, addresses.get("Kafka bootstrap servers"));
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, addresses.get("schema registry"));
        var topic = TopicRegistry.standard().usageEvents();
        var values = TopicSerdes.valueSerde(topic, config).deserializer();
        Properties props = new Properties();
        props.putAll(config);
        List<UsageEvent> events = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Await.until(TIMEOUT, expected + " usage events of " + account, () -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    UsageEvent event = values.deserialize(topic.name(), record.headers(), record.value());
                    if (event.getAccountId().equals(account)) {
                        events.add(event);
                    }
                }
                return events.size() >= expected;
            });
        }
        return events;
    }
}
