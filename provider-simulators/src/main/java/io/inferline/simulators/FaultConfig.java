package io.inferline.simulators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Faults read from JSON (the format is in the module README). Strict: an unknown key is an error, so a
 * misspelt setting cannot silently leave a provider healthy.
 *
 * @param seed      the fault seed, when the file sets one
 * @param providers faults per provider id
 * @param models    per provider id, faults per model id
 */
public record FaultConfig(OptionalLong seed, Map<String, Faults> providers, Map<String, Map<String, Faults>> models) {

    private static final Set<String> FAULT_KEYS = Set.of("latencyMs", "errorRates", "timeoutRate", "timeoutHoldMs",
            "resetRate", "malformedRate", "retryAfterSeconds", "down");

    public static FaultConfig read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    public static FaultConfig parse(String json) {
        JsonNode root = Json.parse(json.getBytes(StandardCharsets.UTF_8));
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("fault config must be a JSON object");
        }
        onlyKeys(root, Set.of("seed", "providers"), "the config");
        OptionalLong seed = root.has("seed") ? OptionalLong.of(root.get("seed").asLong()) : OptionalLong.empty();
        Map<String, Faults> providers = new LinkedHashMap<>();
        Map<String, Map<String, Faults>> models = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : root.path("providers").properties()) {
            String provider = entry.getKey();
            SimulatorSettings.requireProvider(provider);
            JsonNode node = entry.getValue();
            JsonNode perModel = node.get("models");
            providers.put(provider, faults(without(node, "models"), provider));
            if (perModel != null) {
                Map<String, Faults> byModel = new LinkedHashMap<>();
                perModel.properties().forEach(m -> byModel.put(m.getKey(), faults(m.getValue(), provider + "/" + m.getKey())));
                models.put(provider, byModel);
            }
        }
        return new FaultConfig(seed, providers, models);
    }

    /** Installs every provider's and model's faults on a running simulator. */
    public void applyTo(ProviderSimulator simulator) {
        providers.forEach(simulator::faults);
        models.forEach((provider, byModel) -> byModel.forEach((model, faults) -> simulator.faults(provider, model, faults)));
    }

    private static Faults faults(JsonNode node, String where) {
        onlyKeys(node, FAULT_KEYS, where);
        try {
            Faults faults = Faults.none();
            JsonNode latency = node.get("latencyMs");
            if (latency != null) {
                faults = latency.isArray() ? faults.withLatency(latency.get(0).asLong(), latency.get(latency.size() - 1).asLong())
                        : faults.withLatency(latency.asLong(), latency.asLong());
            }
            for (Map.Entry<String, JsonNode> rate : node.path("errorRates").properties()) {
                faults = faults.withErrorRate(Integer.parseInt(rate.getKey()), rate.getValue().asDouble());
            }
            faults = faults.withTimeoutRate(node.path("timeoutRate").asDouble(0))
                    .withResetRate(node.path("resetRate").asDouble(0))
                    .withMalformedRate(node.path("malformedRate").asDouble(0))
                    .withRetryAfterSeconds(node.path("retryAfterSeconds").asInt(1));
            if (node.has("timeoutHoldMs")) {
                faults = faults.withTimeoutHold(Duration.ofMillis(node.get("timeoutHoldMs").asLong()));
            }
            if (node.has("down")) {
                faults = faults.withDown(node.get("down").asInt());
            }
            return faults;
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException(where + ": " + invalid.getMessage(), invalid);
        }
    }

    private static JsonNode without(JsonNode node, String field) {
        ObjectNode copy = node.deepCopy();
        copy.remove(field);
        return copy;
    }

    private static void onlyKeys(JsonNode node, Set<String> allowed, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": expected a JSON object");
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException(where + ": unknown key '" + name + "', expected one of " + allowed);
            }
        });
    }
}
