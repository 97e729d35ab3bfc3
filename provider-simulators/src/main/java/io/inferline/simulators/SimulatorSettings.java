package io.inferline.simulators;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a {@link ProviderSimulator} is started. Immutable; change a copy with the {@code with...} methods.
 *
 * @param port                 the local port, 0 for any free one
 * @param seed                 seeds the fault draws, so a run with the same seed and request order repeats
 * @param apiKeys              the one key each provider accepts
 * @param models               the model ids each provider knows; any other answers 404
 * @param workersAiAccountId   the account id Workers AI paths must name
 * @param maxBodyBytes         larger request bodies answer 413
 * @param embeddingDimensions  the length of every simulated embedding
 * @param workerThreads        threads that parse requests and write answers (latency holds no thread)
 */
public record SimulatorSettings(int port, long seed, Map<String, String> apiKeys, Map<String, Set<String>> models,
                                String workersAiAccountId, int maxBodyBytes, int embeddingDimensions, int workerThreads) {

    /** The providers served, in the order they are listed. */
    public static final List<String> PROVIDERS = List.of("openai", "anthropic", "google", "workers-ai", "mistral", "cohere",
            "recraft", "inworld", "alibaba", "bytedance", "assemblyai", "minimax", "runway", "vidu", "pixverse");

    public SimulatorSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxBodyBytes < 1 || embeddingDimensions < 1 || workerThreads < 1) {
            throw new IllegalArgumentException("maxBodyBytes, embeddingDimensions and workerThreads must be positive");
        }
        for (String provider : PROVIDERS) {
            if (!apiKeys.containsKey(provider) || !models.containsKey(provider)) {
                throw new IllegalArgumentException("no api key or models for provider " + provider);
            }
        }
        apiKeys = Map.copyOf(apiKeys);
        Map<String, Set<String>> copied = new LinkedHashMap<>();
        models.forEach((provider, ids) -> copied.put(provider, Set.copyOf(ids)));
        models = Map.copyOf(copied);
    }

    /** Free port, fixed seed, a fake key per provider ("sim-&lt;provider&gt;-key"), the documented model ids, 10 MB bodies. */
    public static SimulatorSettings defaults() {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String provider : PROVIDERS) {
            keys.put(provider, "sim-" + provider + "-key");
        }
        Map<String, Set<String>> models = new LinkedHashMap<>();
        models.put("openai", ordered("gpt-4o-mini", "gpt-4o", "gpt-4.1", "gpt-4.1-mini", "gpt-5", "gpt-5-mini",
                "text-embedding-3-small", "text-embedding-3-large", "gpt-image-1", "whisper-1", "tts-1"));
        models.put("anthropic", ordered("claude-opus-4-6", "claude-sonnet-4-5", "claude-haiku-4-5"));
        models.put("google", ordered("gemini-2.5-flash", "gemini-2.5-pro", "gemini-2.5-flash-lite", "gemini-embedding-001",
                "gemini-2.5-flash-image"));
        models.put("workers-ai", ordered("@cf/meta/llama-3.1-8b-instruct", "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
                "@cf/baai/bge-base-en-v1.5", "@cf/black-forest-labs/flux-1-schnell", "@cf/openai/whisper", "@cf/myshell-ai/melotts"));
        models.put("mistral", ordered("mistral-large-latest", "mistral-small-latest", "mistral-embed"));
        models.put("cohere", ordered("command-a-03-2025", "command-r-08-2024", "embed-v4.0"));
        models.put("recraft", ordered("recraftv3"));
        models.put("inworld", ordered("inworld-tts-1", "inworld-tts-1-max"));
        models.put("alibaba", ordered("qwen-plus", "qwen-max", "qwen-turbo", "wan2.2-t2i-flash", "wan2.2-t2v-plus"));
        models.put("bytedance", ordered("doubao-seed-1-6-250615", "doubao-seedream-4-0-250828", "doubao-seedance-1-0-pro-250528"));
        models.put("assemblyai", ordered("universal", "slam-1", "universal-2", "universal-3-pro"));
        models.put("minimax", ordered("MiniMax-M2", "speech-02-hd", "MiniMax-Hailuo-02"));
        models.put("runway", ordered("gen4_turbo", "gen4_image"));
        models.put("vidu", ordered("viduq1", "vidu2.0"));
        models.put("pixverse", ordered("v5"));
        return new SimulatorSettings(0, 0x5EEDL, keys, models, "sim-account", 10 * 1024 * 1024, 8,
                Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
    }

    public SimulatorSettings withPort(int newPort) {
        return new SimulatorSettings(newPort, seed, apiKeys, models, workersAiAccountId, maxBodyBytes, embeddingDimensions, workerThreads);
    }

    public SimulatorSettings withSeed(long newSeed) {
        return new SimulatorSettings(port, newSeed, apiKeys, models, workersAiAccountId, maxBodyBytes, embeddingDimensions, workerThreads);
    }

    public SimulatorSettings withApiKey(String provider, String key) {
        requireProvider(provider);
        Map<String, String> keys = new LinkedHashMap<>(apiKeys);
        keys.put(provider, key);
        return new SimulatorSettings(port, seed, keys, models, workersAiAccountId, maxBodyBytes, embeddingDimensions, workerThreads);
    }

    /** Replaces the known model ids of one provider. */
    public SimulatorSettings withModels(String provider, Set<String> ids) {
        requireProvider(provider);
        Map<String, Set<String>> all = new LinkedHashMap<>(models);
        all.put(provider, ids);
        return new SimulatorSettings(port, seed, apiKeys, all, workersAiAccountId, maxBodyBytes, embeddingDimensions, workerThreads);
    }

    public SimulatorSettings withWorkersAiAccountId(String accountId) {
        return new SimulatorSettings(port, seed, apiKeys, models, accountId, maxBodyBytes, embeddingDimensions, workerThreads);
    }

    public SimulatorSettings withMaxBodyBytes(int bytes) {
        return new SimulatorSettings(port, seed, apiKeys, models, workersAiAccountId, bytes, embeddingDimensions, workerThreads);
    }

    public SimulatorSettings withEmbeddingDimensions(int dimensions) {
        return new SimulatorSettings(port, seed, apiKeys, models, workersAiAccountId, maxBodyBytes, dimensions, workerThreads);
    }

    public SimulatorSettings withWorkerThreads(int threads) {
        return new SimulatorSettings(port, seed, apiKeys, models, workersAiAccountId, maxBodyBytes, embeddingDimensions, threads);
    }

    static void requireProvider(String provider) {
        if (!PROVIDERS.contains(provider)) {
            throw new IllegalArgumentException("unknown provider '" + provider + "', expected one of " + PROVIDERS);
        }
    }

    private static Set<String> ordered(String... ids) {
        return new LinkedHashSet<>(List.of(ids));
    }
}
